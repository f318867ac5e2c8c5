"""Pages for the advisers' remarks. The list is on the programme page
(advisers/_remarks.html through `{% adviser_remarks programme %}`); these views take the
posts, and show a form of their own when something must be corrected."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.lib.errors import StaleVersion
from videreforing.lib.forms import add_service_errors
from videreforing.programmes.views import _context, programme_view

from . import services
from .access import check_can_remark, check_can_reply, check_is_author, get_remark_for
from .forms import RemarkEditForm, RemarkForm, ReplyForm


def _back(programme) -> str:
    return reverse("programmes:detail", args=[programme.pk]) + "#merknader"


# The views check their own write permission: advisers write, though they only read
# the rest of the programme.
@programme_view(post_is_write=False)
@require_http_methods(["GET", "POST"])
def remark_create(request, programme):
    check_can_remark(request.user, programme)
    form = RemarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_remark(user=request.user, programme=programme,
                                   text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Merknaden er lagret. Omstillingslederen får den på "
                                        "e-post."))
            return redirect(_back(programme))
    return render(request, "advisers/remark_form.html", _context(
        programme, form=form, title=_("Ny merknad fra rådgiver"),
        action=reverse("advisers:remark-create", args=[programme.pk])),
        status=400 if form.errors else 200)


@programme_view(post_is_write=False)
@require_POST
def remark_reply(request, programme, remark_id):
    remark = get_remark_for(request.user, programme, remark_id)
    check_can_reply(request.user, programme)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_remark(user=request.user, remark=remark,
                                     text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Svaret er lagret."))
            return redirect(_back(programme))
    return render(request, "advisers/reply_form.html", _context(
        programme, form=form, remark=remark), status=400)


@programme_view(post_is_write=False)
@require_http_methods(["GET", "POST"])
def remark_edit(request, programme, remark_id):
    remark = get_remark_for(request.user, programme, remark_id)
    check_is_author(request.user, remark)
    status = 200
    form = RemarkEditForm(request.POST or None,
                          initial={"text": remark.text, "version": remark.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_remark(user=request.user, remark=remark,
                                   expected_version=form.cleaned_data["version"],
                                   text=form.cleaned_data["text"])
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            remark, status = exc.current, 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Merknaden er rettet."))
            return redirect(_back(programme))
    if form.errors and status == 200:
        status = 400
    return render(request, "advisers/remark_form.html", _context(
        programme, form=form, remark=remark, title=_("Rett merknaden"),
        action=reverse("advisers:remark-edit", args=[programme.pk, remark.pk])),
        status=status)
