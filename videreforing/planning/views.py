from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.programmes.access import visible_programmes
from videreforing.programmes.selectors import with_phases
from videreforing.programmes.views import _context, programme_view

from .calendar import programme_calendar, user_calendar
from .forecasts import plan_for_page
from .models import CalendarFeed
from .timeline import build_timeline


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@programme_view()
def timeline(request, programme):
    # Phases and gate decisions read once, for the plan, the status and the gate
    # markers (issue 10, point 6).
    programme = with_phases(programme)
    plan = plan_for_page(programme)
    return render(request, "planning/timeline.html", _context(
        programme, plan=plan, chart=build_timeline(plan),
    ))


@programme_view()
def programme_ics(request, programme):
    return ics_response(programme_calendar(programme), f"videreforing-{programme.pk}.ics")


def feed(request, token):
    """The secret calendar URL: no log-in, the token is the key; revoked answers 404."""
    found = CalendarFeed.objects.select_related("user").filter(
        token=token, revoked_at__isnull=True, user__is_active=True).first()
    if found is None:
        raise Http404
    programmes = list(visible_programmes(found.user))
    return HttpResponse(user_calendar(found.user, programmes),
                        content_type="text/calendar; charset=utf-8")


def _gets_digest(user) -> bool:
    """The weekly digest goes to advisers (a county) and national users (as
    advisers.digest.recipients); nobody else is offered it."""
    return bool(getattr(user, "sees_every_programme", False)
                or user.adviser_assignments.exists())


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    user = request.user
    if request.method == "POST":
        user.email_reminders = request.POST.get("email_reminders") == "on"
        fields = ["email_reminders"]
        if _gets_digest(user):  # the box is shown (and so posted) only to them
            user.email_digest = request.POST.get("email_digest") == "on"
            fields.append("email_digest")
        user.save(update_fields=fields)
        messages.success(request, _("Innstillingene er lagret."))
        return redirect("planning:settings")
    feeds = user.calendar_feeds.filter(revoked_at__isnull=True)
    return render(request, "planning/settings.html", {
        "gets_digest": _gets_digest(user),
        "feed": feeds.first(),
        "feed_url": request.build_absolute_uri(f"/kalender/{feeds.first().token}.ics")
        if feeds.exists() else "",
    })


@login_required
@require_POST
def feed_create(request):
    """A new secret URL; the old one stops working."""
    request.user.calendar_feeds.filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    CalendarFeed.issue(user=request.user)
    messages.success(request, _("Du har fått en ny kalenderadresse. Den gamle virker ikke "
                                "lenger."))
    return redirect("planning:settings")


@login_required
@require_http_methods(["GET", "POST"])
def feed_revoke(request):
    if request.method == "POST":
        request.user.calendar_feeds.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now())
        messages.success(request, _("Kalenderadressen er slettet og virker ikke lenger."))
        return redirect("planning:settings")
    return render(request, "planning/confirm_revoke.html")
