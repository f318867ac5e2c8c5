"""The people page: the programme's members and its advisers; add a member, change a
member's role, remove a member (or yourself)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.accounts import services as member_services
from videreforing.accounts.models import Membership, User
from videreforing.lib.errors import DomainError
from videreforing.lib.forms import add_service_errors

from ..access import access_level
from ..forms import MemberForm, MemberRoleForm
from ._common import _context, confirm_page, members_of, programme_view


@programme_view()
@require_http_methods(["GET", "POST"])
def people(request, programme):
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = member_services.add_member(
                user=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(email)s er lagt til som %(role)s.") % {
                "email": membership.user.email,
                "role": str(membership.get_role_display()).lower()})
            return redirect("programmes:people", pk=programme.pk)
    members = members_of(programme)
    advisers = (
        User.objects.filter(
            adviser_assignments__county__municipalities__programmes=programme
        ).distinct().order_by("email")
    )
    return render(request, "programmes/people.html", _context(
        programme, form=form, members=[(m, MemberRoleForm(initial={"role": m.role},
                                                          prefix=f"m{m.pk}"))
                                       for m in members],
        advisers=advisers,
    ), status=400 if form.errors else 200)


def _membership_or_404(programme, member_id) -> Membership:
    try:
        return Membership.objects.select_related("user").get(pk=int(member_id),
                                                             programme=programme)
    except (Membership.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@programme_view(write=True)
@require_POST
def member_edit(request, programme, member_id):
    membership = _membership_or_404(programme, member_id)
    form = MemberRoleForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            member_services.change_member_role(user=request.user, membership=membership,
                                               role=form.cleaned_data["role"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Rollen er endret."))
    else:
        messages.error(request, _("Velg en rolle fra listen."))
    return redirect("programmes:people", pk=programme.pk)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def member_remove(request, programme, member_id):
    membership = _membership_or_404(programme, member_id)
    yourself = membership.user_id == request.user.pk
    if request.method == "POST":
        try:
            member_services.remove_member(user=request.user, membership=membership)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if yourself and access_level(request.user, programme) is None:
                # The people page is now closed to you (404): go to your own list.
                messages.success(request, _("Du er fjernet fra programmet «%(name)s» og har "
                                            "ikke lenger tilgang til det.") % {
                    "name": programme.name})
                return redirect("programmes:list")
            messages.success(request, _("%(email)s er fjernet fra programmet.") % {
                "email": membership.user.email})
        return redirect("programmes:people", pk=programme.pk)
    if yourself:
        question = _("Vil du fjerne deg selv (%(role)s) fra programmet?") % {
            "role": str(membership.get_role_display()).lower()}
        warning = _("Du fjerner deg selv og mister tilgangen til programmet. Bare en som "
                    "kan redigere programmet, kan gi deg tilgang igjen.")
    else:
        question = _("Vil du fjerne %(email)s (%(role)s) fra programmet? Personen mister "
                     "tilgangen.") % {"email": membership.user.email,
                                      "role": str(membership.get_role_display()).lower()}
        warning = ""
    return confirm_page(
        request, programme,
        title=_("Fjerne deg selv?") if yourself else _("Fjerne personen?"),
        question=question, warning=warning,
        confirm_label=_("Fjern meg fra programmet") if yourself else _("Fjern personen"),
        cancel_url=reverse("programmes:people", args=[programme.pk]),
    )
