"""Pages for attachments: the programme's document archive, the upload form (also
posted to from the phase and tender pages), the download and the removal.

Every view reaches its programme through the access helper: outsiders get 404,
read-only members may list and download but get 403 on upload and removal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from videreforing.lib.forms import add_service_errors
from videreforing.programmes.views import _context, programme_view

from . import services
from .access import get_attachment_for, resolve_target
from .forms import RemoveForm, UploadForm
from .models import Attachment
from .uploads import too_large_uploads


def _rows(queryset):
    return queryset.filter(removed_at__isnull=True).select_related(
        "uploaded_by", "gate__phase", "tender", "bid__supplier")


@programme_view()
@require_GET
def archive(request, programme):
    attachments = list(_rows(Attachment.objects.filter(programme=programme)))
    return render(request, "attachments/archive.html", _context(
        programme, attachments=attachments,
        form=UploadForm() if programme.can_edit else None))


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def upload(request, programme):
    source = request.POST if request.method == "POST" else request.GET
    try:
        target = resolve_target(programme, gate=source.get("gate"),
                                tender=source.get("tender"), bid=source.get("bid"))
    except ValidationError as exc:
        raise Http404 from exc
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, too_large=too_large_uploads(request))
        if form.is_valid():
            try:
                attachment = services.upload_attachment(
                    user=request.user, target=target, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("«%(name)s» (%(size)s) er lastet opp til "
                                            "%(where)s.") % {
                    "name": attachment.name, "size": services.size_label(attachment.size),
                    "where": target.label()})
                return redirect(target.return_url())
        status = 400
    else:
        form = UploadForm(initial=target.query())
    existing = _rows(Attachment.objects.filter(
        programme=programme, gate=target.gate, tender=target.tender, bid=target.bid))
    return render(request, "attachments/upload.html", _context(
        programme, form=form, target=target, where=target.label(),
        cancel_url=target.return_url(), attachments=list(existing)), status=status)


@programme_view()
@require_GET
def download(request, programme, attachment_id):
    return file_response(get_attachment_for(programme, attachment_id))


def file_response(attachment: Attachment) -> FileResponse:
    """The file as a download under its uploaded name (RFC 5987 for non-ASCII names),
    never rendered inline, never cached by shared caches."""
    try:
        handle = services.open_file(attachment)
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _safe_next(request) -> str:
    """The page the user came from (`next`), if it is a page of this site."""
    value = request.POST.get("next") or request.GET.get("next") or ""
    if value and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return ""


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def remove(request, programme, attachment_id):
    attachment = get_attachment_for(programme, attachment_id)
    code = ("gate" if attachment.gate_id else "bid" if attachment.bid_id
            else "tender" if attachment.tender_id else "archive")
    target = resolve_target(programme, **({code: getattr(attachment, f"{code}_id")}
                                          if code != "archive" else {}))
    # Back where the removal started (the archive, the phase, the tender), else to
    # what the file belongs to.
    back = _safe_next(request) or target.return_url()
    form = RemoveForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.remove_attachment(user=request.user, attachment=attachment,
                                           reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("«%(name)s» er fjernet. Filen er slettet, og "
                                            "fjerningen står i historikken.") % {
                    "name": attachment.name})
                return redirect(back)
        status = 400
    return render(request, "attachments/remove.html", _context(
        programme, attachment=attachment, form=form, where=target.label(),
        size=services.size_label(attachment.size), cancel_url=back,
        next=_safe_next(request)),
        status=status)
