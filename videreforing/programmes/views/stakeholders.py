"""The stakeholder pages: the list with the add form, edit and remove."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from videreforing.lib.errors import StaleVersion
from videreforing.lib.forms import add_service_errors

from .. import services
from ..access import get_stakeholder_for
from ..forms import StakeholderForm
from ._common import _context, confirm_page, programme_view


@programme_view()
@require_http_methods(["GET", "POST"])
def stakeholders(request, programme):
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.create_stakeholder(user=request.user, programme=programme, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Interessenten er lagt til."))
            return redirect("programmes:stakeholders", pk=programme.pk)
    items = programme.stakeholders.filter(removed_at__isnull=True).order_by("name")
    return render(request, "programmes/stakeholders.html",
                  _context(programme, form=form, stakeholders=items),
                  status=400 if form.errors else 200)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request, programme, stakeholder_id):
    stakeholder = get_stakeholder_for(request.user, programme, stakeholder_id)
    initial = {f: getattr(stakeholder, f) for f in services.STAKEHOLDER_FIELDS}
    initial["version"] = stakeholder.version
    form = StakeholderForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_stakeholder(user=request.user, stakeholder=stakeholder,
                                        expected_version=version, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Interessenten er lagret."))
            return redirect("programmes:stakeholders", pk=programme.pk)
    return render(request, "programmes/stakeholder_form.html",
                  _context(programme, form=form, stakeholder=stakeholder), status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def stakeholder_remove(request, programme, stakeholder_id):
    stakeholder = get_stakeholder_for(request.user, programme, stakeholder_id)
    if request.method == "POST":
        services.remove_stakeholder(user=request.user, stakeholder=stakeholder)
        messages.success(request, _("Interessenten «%(name)s» er fjernet.") % {
            "name": stakeholder.name})
        return redirect("programmes:stakeholders", pk=programme.pk)
    return confirm_page(
        request, programme,
        title=_("Fjerne interessenten?"),
        question=_("Vil du fjerne «%(name)s» fra listen over interessenter?") % {
            "name": stakeholder.name},
        confirm_label=_("Fjern interessenten"),
        cancel_url=reverse("programmes:stakeholders", args=[programme.pk]),
    )
