"""The programme pages: the list, create and edit, the programme page and its history."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from videreforing.audit.describe import describe
from videreforing.lib.errors import StaleVersion
from videreforing.lib.forms import add_service_errors
from videreforing.lib.paging import paginate

from .. import plans, selectors, services
from ..access import visible_programmes
from ..forms import ProgrammeForm
from ._common import _context, programme_view, saved_programme


@login_required
def programme_list(request):
    # 50 programmes a page (issue 10, point 6): only the page's rows are read.
    pager = paginate(request, visible_programmes(request.user)
                     .prefetch_related("municipalities").order_by("period_end", "name"))
    programmes = list(pager.page.object_list)
    today = timezone.localdate()
    # Stored figures and facts, one query for the list (issue 10): never a schedule or
    # the phases per row.
    forecasts = plans.forecasts_for(programmes)
    facts = plans.list_facts(forecasts)
    rows = []
    for programme in programmes:
        status = selectors.status_from_facts(programme, facts[programme.pk], today)
        rows.append({
            "programme": programme,
            "status": status,
            "status_label": selectors.status_label(status),
            "status_color": selectors.STATUS_COLORS[status],
            "days_to_latest_start": (programme.latest_start - today).days,
            "forecast": forecasts[programme.pk] if status != "completed" else None,
            "completed": status == "completed",
            # Not started: the schedule assumes the pre-study starts today.
            "if_started_today": facts[programme.pk].started_on is None,
        })
    # The user's tasks in every programme they see, not only those on this page.
    my_tasks = selectors.open_tasks_for(request.user, visible_programmes(request.user))[:20]
    return render(request, "programmes/list.html", {"rows": rows, "my_tasks": my_tasks,
                                                     "today": today, "pager": pager})


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.create_programme(
                user=request.user, name=data["name"],
                municipality_numbers=data["municipalities"],
                period_start=data["period_start"], period_end=data["period_end"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return saved_programme(request, programme, _("Programmet er registrert."))
    return render(request, "programmes/form.html", {"form": form, "creating": True})


class _DetailParts:
    """The programme page's parts that read the same for everyone who may read the
    programme, each computed on first use: the template caches them by content version
    (selectors.page_version), so on a cache hit none of them is read (issue 10)."""

    def __init__(self, programme, today):
        self.today = today
        self._programme = programme

    @cached_property
    def programme(self):
        # Phases and gates read once for the status, the start, the time bar, the
        # table, the next steps and the plan.
        return selectors.with_phases(self._programme)

    @cached_property
    def phases(self):
        return selectors.phases_of(self.programme)

    @cached_property
    def status(self) -> str:
        return selectors.continuation_status(self.programme, self.today)

    @property
    def status_label(self) -> str:
        return selectors.status_label(self.status)

    @property
    def status_color(self) -> str:
        return selectors.STATUS_COLORS[self.status]

    @cached_property
    def started(self):
        return selectors.continuation_start(self.programme)

    @cached_property
    def warnings(self):
        return selectors.programme_warnings(self.programme)

    @cached_property
    def steps(self):
        # The forecast is passed only when nothing has started: the start step then
        # says whether even a start today is too late.
        forecast = self.plan.forecast_operative if self.if_started_today else None
        return selectors.next_steps(self.programme, self.today, phases=self.phases,
                                    forecast_operative=forecast)

    @property
    def if_started_today(self) -> bool:
        """Nothing has started: the forecast assumes the pre-study starts today."""
        return self.started is None

    @cached_property
    def bar(self):
        return selectors.time_bar(self.programme, self.today)

    @cached_property
    def plan(self):
        return plans.plan_for_page(self.programme, today=self.today)

    @cached_property
    def history(self):
        return [(e, describe(e))
                for e in self._programme.audit_entries.select_related("actor")[:8]]


@programme_view()
def programme_detail(request, programme):
    today = timezone.localdate()
    return render(request, "programmes/detail.html", {
        "programme": programme,
        "today": today,
        "parts": _DetailParts(programme, today),
        "days_to_latest_start": (programme.latest_start - today).days,
        "days_past_latest_start": (today - programme.latest_start).days,
        "days_to_deadline": (programme.operative_deadline - today).days,
        "page_version": selectors.page_version(programme, today),
        "page_cache_ttl": selectors.PAGE_CACHE_TTL,
    })


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def programme_edit(request, programme):
    initial = {
        "name": programme.name,
        "municipalities": [m.number for m in programme.municipalities.all()],
        "period_start": programme.period_start, "period_end": programme.period_end,
        "version": programme.version,
    }
    form = ProgrammeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.update_programme(
                user=request.user, programme=programme, expected_version=data["version"],
                name=data["name"], municipality_numbers=data["municipalities"],
                period_start=data["period_start"], period_end=data["period_end"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            return saved_programme(request, programme, _("Endringene er lagret."))
    return render(request, "programmes/form.html", _context(programme, form=form),
                  status=status)


@programme_view()
def history(request, programme):
    page = Paginator(programme.audit_entries.select_related("actor"), 50).get_page(
        request.GET.get("side")
    )
    return render(request, "programmes/history.html", _context(
        programme, page=page, entries=[(e, describe(e)) for e in page.object_list],
    ))
