from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from videreforing.accounts.models import Membership
from videreforing.audit.models import AuditEntry
from videreforing.programmes import services
from videreforing.programmes.models import GateDecision, Phase, Programme, Stakeholder, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def test_create_programme_page_saves_and_redirects(as_owner, owner):
    response = as_owner.post(reverse("programmes:create"), {
        "name": "Omstilling Flakstad", "municipalities": ["1859"],
        "period_start": "2021-01-01", "period_end": "2027-06-30"})
    programme = Programme.objects.get(name="Omstilling Flakstad")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:detail", args=[programme.pk])
    page = as_owner.get(response["Location"])
    text = page.content.decode()
    assert "30. juni 2025" in text  # latest start, R-START
    assert "Omstillingsperioden er lengre enn seks år" in text
    assert AuditEntry.objects.filter(action="programmes.programme.created").count() == 1


def test_create_programme_with_end_before_start_shows_message_at_field(as_owner):
    response = as_owner.post(reverse("programmes:create"), {
        "name": "Feil", "municipalities": ["1859"],
        "period_start": "2027-01-01", "period_end": "2026-01-01"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["period_end"] == ["Slutten av omstillingsperioden må komme etter starten."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert Programme.objects.count() == 0


def test_unknown_municipality_in_page_form_is_refused(as_owner):
    response = as_owner.post(reverse("programmes:create"), {
        "name": "Feil", "municipalities": ["9999"],
        "period_start": "2021-01-01", "period_end": "2026-01-01"})
    assert "municipalities" in response.context["form"].errors
    assert Programme.objects.count() == 0


def test_edit_programme_with_stale_version_keeps_other_change(as_owner, programme, owner):
    services.update_programme(user=owner, programme=programme, expected_version=1,
                              name="Endret av andre")
    response = as_owner.post(reverse("programmes:edit", args=[programme.pk]), {
        "name": "Mitt navn", "municipalities": ["1837"], "period_start": "2023-01-01",
        "period_end": "2028-12-31", "version": "1"})
    assert response.status_code == 409
    assert "Noen andre har endret programmet" in response.content.decode()
    assert 'value="Mitt navn"' in response.content.decode()  # what was typed stays
    programme.refresh_from_db()
    assert programme.name == "Endret av andre"


def test_start_pre_project_early_needs_reason_on_page(as_owner, programme):
    url = reverse("programmes:phase-start", args=[programme.pk, "pre_project"])
    response = as_owner.post(url, {"override_reason": ""})
    assert response.status_code == 409
    assert "begrunnelse" in response.content.decode()
    assert programme.continuation.phases.get(kind="pre_project").status == "not_started"
    response = as_owner.post(url, {"override_reason": "Vedtak kommer i neste møte."})
    assert response.status_code == 302
    phase = programme.continuation.phases.get(kind="pre_project")
    assert phase.status == "in_progress"
    assert phase.override_reason == "Vedtak kommer i neste møte."


def test_gate_page_records_decision_and_reports_bad_input(as_owner, programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    url = reverse("programmes:gate-record", args=[programme.pk, "pre_study"])
    bad = as_owner.post(url, {"deciding_body": "municipal_council", "outcome": "approved"})
    assert bad.status_code == 400
    assert "decided_on" in bad.context["gate_form"].errors
    typed = {"deciding_body": "municipal_council", "outcome": "approved",
             "decided_on": timezone.localdate().isoformat(), "case_number": "2026/5"}
    # The phase has open tasks: the first POST asks to confirm (issue 9, point 4).
    asked = as_owner.post(url, typed)
    assert asked.status_code == 200 and not GateDecision.objects.exists()
    seen = ",".join(str(t.pk) for t in services.open_tasks_of_phase(programme, "pre_study"))
    ok = as_owner.post(url, {**typed, "confirm_open_tasks": "1", "open_tasks_seen": seen})
    assert ok.status_code == 302
    assert programme.continuation.phases.get(kind="pre_study").status == Phase.Status.COMPLETED


def test_task_toggle_without_javascript_redirects_and_with_htmx_returns_row(as_owner,
                                                                             programme):
    task = programme.continuation.tasks.filter(phase="pre_study").first()
    url = reverse("programmes:task-toggle", args=[programme.pk, task.pk])
    response = as_owner.post(url, {"version": task.version, "done": "on"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done and task.version == 2
    response = as_owner.post(url, {"version": task.version}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith(f'<li class="task" id="task-{task.pk}"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    task.refresh_from_db()
    assert not task.done


def test_stale_task_toggle_keeps_other_change_and_says_so(as_owner, programme, owner):
    task = programme.continuation.tasks.filter(phase="pre_study").first()
    services.update_task(user=owner, task=task, expected_version=1, title="Ny tittel")
    url = reverse("programmes:task-toggle", args=[programme.pk, task.pk])
    response = as_owner.post(url, {"version": 1, "done": "on"}, HTTP_HX_REQUEST="true")
    assert "Noen andre har endret oppgaven" in response.content.decode()
    task.refresh_from_db()
    assert not task.done and task.title == "Ny tittel"


def test_task_edit_stale_shows_saved_version(as_owner, programme, owner):
    task = services.create_task(user=owner, programme=programme, phase="pre_study", title="A")
    services.update_task(user=owner, task=task, expected_version=1, title="B")
    response = as_owner.post(reverse("programmes:task-edit", args=[programme.pk, task.pk]), {
        "phase": "pre_study", "title": "C", "version": "1"})
    assert response.status_code == 409
    assert "Oppgaven slik den er lagret nå" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "B"


def test_task_create_and_remove_with_confirmation(as_owner, programme, owner):
    response = as_owner.post(reverse("programmes:task-create", args=[programme.pk]), {
        "phase": "pre_project", "title": "Besøk Sunndal", "assignee": str(owner.pk),
        "due_date": "2027-01-15"})
    assert response.status_code == 302
    task = Task.objects.get(title="Besøk Sunndal")
    assert task.assignee == owner and task.due_date == date(2027, 1, 15)
    url = reverse("programmes:task-remove", args=[programme.pk, task.pk])
    confirm = as_owner.get(url)
    assert "Vil du fjerne oppgaven «Besøk Sunndal»?" in confirm.content.decode()
    task.refresh_from_db()
    assert task.removed_at is None
    as_owner.post(url)
    task.refresh_from_db()
    assert task.removed_at is not None


def test_task_empty_title_shows_field_error(as_owner, programme):
    count = Task.objects.count()
    response = as_owner.post(reverse("programmes:task-create", args=[programme.pk]),
                             {"phase": "pre_project", "title": ""})
    assert "title" in response.context["form"].errors
    assert Task.objects.count() == count


def test_people_page_adds_member_and_sends_invitation(
    as_owner, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_owner.post(reverse("programmes:people", args=[programme.pk]),
                                 {"email": "radmann@meloy.kommune.no", "role": "project_group"})
    assert response.status_code == 302
    assert Membership.objects.get(programme=programme,
                                  user__email="radmann@meloy.kommune.no").role == "project_group"
    assert len(mail.outbox) == 1
    assert "Omstilling Meløy" in mail.outbox[0].subject


def test_removing_the_last_editor_is_refused_on_page(as_owner, programme, owner):
    membership = Membership.objects.get(programme=programme, user=owner)
    response = as_owner.post(reverse("programmes:member-remove",
                                     args=[programme.pk, membership.pk]), follow=True)
    assert "minst én person som kan redigere" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_stakeholder_with_bad_org_number_is_refused_at_field(as_owner, programme):
    response = as_owner.post(reverse("programmes:stakeholders", args=[programme.pk]), {
        "name": "Nordland Fiskeoppdrett AS", "kind": "business", "org_number": "123456789"})
    assert response.status_code == 400
    assert "MOD11" in response.context["form"].errors["org_number"][0]
    assert Stakeholder.objects.count() == 0


def test_history_page_reads_in_norwegian(as_owner, programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    text = as_owner.get(reverse("programmes:history", args=[programme.pk])).content.decode()
    assert "startet forstudium" in text
    assert "opprettet omstillingsprogrammet «Omstilling Meløy»" in text


def test_my_programmes_shows_status_and_my_tasks(as_owner, programme, owner):
    task = services.create_task(user=owner, programme=programme, phase="pre_study",
                                title="Ring næringsforeningen", assignee=owner,
                                due_date=date(2020, 1, 1))
    text = as_owner.get(reverse("programmes:list")).content.decode()
    assert "Omstilling Meløy" in text
    assert task.title in text
    assert "Forfalt" in text


def test_empty_list_says_what_to_do(client, outsider):
    client.force_login(outsider)
    text = client.get(reverse("programmes:list")).content.decode()
    assert "Du har ingen programmer ennå" in text


def test_english_can_be_chosen(client, owner, programme):
    client.force_login(owner)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/program/"})
    assert response.status_code == 302
    page = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert '<html lang="en"' in page.content.decode()
    assert "Latest start" in page.content.decode()
    assert "Seneste oppstart" not in page.content.decode()


def test_norwegian_is_the_default_whatever_the_browser_says(client, owner, programme):
    client.force_login(owner)
    page = client.get(reverse("programmes:detail", args=[programme.pk]),
                      HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nb"' in page.content.decode()
    assert "Seneste oppstart" in page.content.decode()


def test_invited_person_chooses_password_and_logs_in(
    client, programme, owner, django_capture_on_commit_callbacks
):
    import re

    from videreforing.accounts import services as member_services

    with django_capture_on_commit_callbacks(execute=True):
        member_services.add_member(user=owner, programme=programme,
                                   email="ny@meloy.kommune.no", role="project_group")
    link = re.search(r"http://\S+/konto/passord/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    response = client.post(form_page.redirect_chain[-1][0], {
        "new_password1": "Fjordnett-2031!", "new_password2": "Fjordnett-2031!"})
    assert response.status_code == 302
    assert client.login(username="ny@meloy.kommune.no", password="Fjordnett-2031!")
    page = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert page.status_code == 200


# ---------------------------------------------------------------- pages (issue 10, point 6)


def test_my_programmes_in_pages_keep_my_tasks(as_owner, owner, programme, monkeypatch):
    from videreforing.lib import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    bodo, narvik = (
        services.create_programme(user=owner, name=name, municipality_numbers=["1837"],
                                  period_start=date(2023, 1, 1), period_end=end)
        for name, end in (("Omstilling Bodø", date(2029, 6, 30)),
                          ("Omstilling Narvik", date(2030, 6, 30))))
    task = services.create_task(user=owner, programme=programme, phase="pre_study",
                                title="Ring næringsforeningen", assignee=owner,
                                due_date=date(2020, 1, 1))

    def listed(page, p):
        return f'href="/program/{p.pk}/">{p.name}</a>' in page

    first = as_owner.get(reverse("programmes:list")).content.decode()
    assert listed(first, programme) and listed(first, bodo) and not listed(first, narvik)
    assert 'aria-label="Sider med programmer"' in first
    assert "Viser 1–2 av 3 programmer (side 1 av 2)." in first
    assert 'href="?side=2" rel="next"' in first
    second = as_owner.get(reverse("programmes:list"), {"side": "2"}).content.decode()
    assert listed(second, narvik) and not listed(second, programme)
    assert 'aria-current="true"><span class="ds-sr-only">Side </span>2</a>' in second
    # My tasks are those of every programme, not only of the page shown.
    assert task.title in second


def test_my_programmes_make_as_many_queries_on_every_page(as_owner, owner, programme,
                                                         monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from videreforing.lib import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    services.create_programme(user=owner, name="Omstilling Bodø",
                              municipality_numbers=["1837"], period_start=date(2023, 1, 1),
                              period_end=date(2029, 6, 30))
    counts = []
    for side in ("1", "1", "2"):
        with CaptureQueriesContext(connection) as ctx:
            assert as_owner.get(reverse("programmes:list"),
                                {"side": side}).status_code == 200
        counts.append(len(ctx.captured_queries))
    services.create_programme(user=owner, name="Omstilling Narvik",
                              municipality_numbers=["1837"], period_start=date(2023, 1, 1),
                              period_end=date(2030, 6, 30))
    with CaptureQueriesContext(connection) as ctx:
        as_owner.get(reverse("programmes:list"), {"side": "2"})
    assert counts[1] == counts[2] == len(ctx.captured_queries)


def test_forecast_of_an_unstarted_continuation_assumes_a_start_today(
        client, owner, programme):
    """The list and the overview say that the forecast of a continuation that has not
    started assumes the pre-study starts today; once started, they do not."""
    from videreforing.planning.forecasts import current_forecast

    current_forecast(programme)
    client.force_login(owner)
    page = client.get("/program/").content.decode()
    assert "hvis dere starter i dag" in page
    detail = client.get(f"/program/{programme.pk}/").content.decode()
    card = detail.split('class="ds-card forecast"')[1].split("</section>")[0]
    assert 'data-testid="forecast-if-started-today"' in card
    assert "Prognosen forutsetter at forstudiet starter i dag." in card
    assert "Frist for operativ enhet" in card
    assert "(R-" not in card  # no rule id shown on the card

    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=timezone.localdate())
    current_forecast(programme)
    assert "hvis dere starter i dag" not in client.get("/program/").content.decode()
    detail = client.get(f"/program/{programme.pk}/").content.decode()
    assert "Prognosen forutsetter at forstudiet starter i dag." not in detail
