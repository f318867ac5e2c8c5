"""Pages of the business plan: the activities register (start, add, correct, remove,
import from XLSX or CSV, the template). Thin: parse the form, call a service, message,
redirect. Every view reaches its programme through the access helper."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.lib.bounds import INT_COLUMN_MAX
from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.lib.forms import add_service_errors
from videreforing.programmes.views import _context, programme_view
from videreforing.programmes.views._common import confirm_page

from . import importing, services
from .forms import ActivityEditForm, ActivityForm, ImportForm
from .models import Activity, BusinessPlan

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plan(programme) -> BusinessPlan:
    plan = BusinessPlan.objects.filter(programme=programme).first()
    if plan is None:
        raise Http404
    return plan


def _activity(plan: BusinessPlan, activity_id) -> Activity:
    if not 0 < int(activity_id) <= INT_COLUMN_MAX:
        raise Http404
    activity = plan.activities.filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    return activity


def _back(programme):
    return redirect("businessplan:plan", pk=programme.pk)


def _plan_page(request, programme, plan, form=None, status=200):
    activities = list(plan.activities.all()) if plan else []
    total = sum((a.yearly_cost for a in activities if a.yearly_cost is not None
                 and a.decision == Activity.Decision.CARRY_ON), start=0)
    return render(request, "businessplan/plan.html", _context(
        programme, plan=plan, activities=activities, carried_on_cost=total,
        form=form if form is not None else ActivityForm()), status=status)


@programme_view()
@require_http_methods(["GET"])
def plan_detail(request, programme):
    plan = BusinessPlan.objects.filter(programme=programme).first()
    return _plan_page(request, programme, plan)


@programme_view(write=True)
@require_POST
def plan_start(request, programme):
    try:
        services.create_plan(user=request.user, programme=programme)
    except DomainError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("Forretningsplanen er startet."))
    return _back(programme)


@programme_view(write=True)
@require_POST
def activity_add(request, programme):
    plan = _plan(programme)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            activity = services.add_activity(user=request.user, plan=plan,
                                             **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Aktiviteten «%(name)s» er lagt til.") % {
                "name": activity.name})
            return _back(programme)
    return _plan_page(request, programme, plan, form=form, status=400)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def activity_edit(request, programme, activity_id):
    plan = _plan(programme)
    activity = _activity(plan, activity_id)
    status = 200
    if request.method == "POST":
        form = ActivityEditForm(request.POST)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.update_activity(user=request.user, activity=activity,
                                         expected_version=version, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except StaleVersion as exc:
                form.add_error(None, exc.message)
                status = 409
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("Endringene i aktiviteten er lagret."))
                return _back(programme)
    else:
        form = ActivityEditForm(initial={
            **{k: getattr(activity, k) for k in services.ACTIVITY_FIELDS},
            "version": activity.version})
    return render(request, "businessplan/activity_form.html", _context(
        programme, plan=plan, activity=activity, form=form,
        title=_("Endre aktiviteten «%(name)s»") % {"name": activity.name}), status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def activity_remove(request, programme, activity_id):
    plan = _plan(programme)
    activity = _activity(plan, activity_id)
    if request.method == "POST":
        services.remove_activity(user=request.user, activity=activity)
        messages.success(request, _("Aktiviteten «%(name)s» er fjernet.") % {
            "name": activity.name})
        return _back(programme)
    return confirm_page(
        request, programme, title=_("Fjerne aktiviteten?"),
        question=_("Vil du fjerne «%(name)s» fra forretningsplanen? Historikken viser "
                   "hva den var.") % {"name": activity.name},
        confirm_label=_("Fjern aktiviteten"),
        cancel_url=reverse("businessplan:plan", args=[programme.pk]))


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def activities_import(request, programme):
    plan = _plan(programme)
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                created = services.import_activities(user=request.user, plan=plan,
                                                     upload=form.cleaned_data["file"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, ngettext(
                    "%(count)s aktivitet er importert.", "%(count)s aktiviteter er importert.",
                    len(created)) % {"count": len(created)})
                return _back(programme)
    else:
        form = ImportForm()
    return render(request, "businessplan/import.html", _context(
        programme, plan=plan, form=form, columns=importing.COLUMNS), status=status)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@programme_view()
@require_http_methods(["GET"])
def template_xlsx(request, programme):
    return _download(importing.template_xlsx(), XLSX_CONTENT_TYPE, "aktiviteter-mal.xlsx")


@programme_view()
@require_http_methods(["GET"])
def template_csv(request, programme):
    return _download(importing.template_csv(), "text/csv; charset=utf-8",
                     "aktiviteter-mal.csv")
