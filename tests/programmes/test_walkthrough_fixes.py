"""Problems a tester found walking through the application: removing yourself, the
gate date's messages, the options report message, the note's full stop, withdrawing a
rework decision, dates on the start page, task assignees, stakeholder phone numbers."""

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import make_user
from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.audit.models import AuditEntry
from videreforing.documents.models import GeneratedDocument
from videreforing.lib.phone import validate_phone
from videreforing.options import services as options
from videreforing.options.report import generate_report
from videreforing.programmes import services
from videreforing.programmes.models import GateDecision, Phase, Stakeholder, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def page(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# ---------------------------------------------------------------- 1. removing yourself


def test_removing_yourself_warns_then_lands_on_my_programmes(as_owner, programme, owner):
    colleague = make_user("kari@example.com", first_name="Kari")
    Membership.objects.create(programme=programme, user=colleague, role=Role.PROCESS_LEADER)
    mine = Membership.objects.get(programme=programme, user=owner)
    url = reverse("programmes:member-remove", args=[programme.pk, mine.pk])
    confirm = page(as_owner.get(url))
    assert "Fjerne deg selv?" in confirm
    assert "Du fjerner deg selv og mister tilgangen til programmet." in confirm
    assert "Fjern meg fra programmet" in confirm
    response = as_owner.post(url, follow=True)
    assert response.redirect_chain[-1] == (reverse("programmes:list"), 302)
    assert response.status_code == 200
    assert messages_of(response) == [
        "Du er fjernet fra programmet «Omstilling Meløy» og har ikke lenger tilgang til det."]
    assert not Membership.objects.filter(programme=programme, user=owner).exists()
    assert AuditEntry.objects.filter(action="accounts.membership.removed",
                                     data__email=owner.email).count() == 1
    assert as_owner.get(reverse("programmes:people", args=[programme.pk])).status_code == 404


def test_removing_someone_else_has_no_self_warning(as_owner, programme, reader):
    theirs = Membership.objects.get(programme=programme, user=reader)
    url = reverse("programmes:member-remove", args=[programme.pk, theirs.pk])
    confirm = page(as_owner.get(url))
    assert "Vil du fjerne bob@example.com (observatør) fra programmet?" in confirm
    assert "Du fjerner deg selv" not in confirm
    response = as_owner.post(url, follow=True)
    assert response.redirect_chain[-1] == (reverse("programmes:people", args=[programme.pk]),
                                           302)
    assert messages_of(response) == ["bob@example.com er fjernet fra programmet."]


def test_removing_yourself_as_the_last_editor_is_still_refused(as_owner, programme, owner):
    mine = Membership.objects.get(programme=programme, user=owner)
    url = reverse("programmes:member-remove", args=[programme.pk, mine.pk])
    response = as_owner.post(url, follow=True)
    assert response.redirect_chain[-1] == (reverse("programmes:people", args=[programme.pk]),
                                           302)
    assert any("minst én person som kan redigere" in m for m in messages_of(response))
    assert Membership.objects.filter(programme=programme, user=owner).exists()


# ---------------------------------------------------------------- 3. gate date messages


@pytest.mark.parametrize("typed,expected", [
    ("9999-12-31", "Oppgi en dato fra 01.01.1990 til 31.12.2100."),
    ("1980-01-01", "Oppgi en dato fra 01.01.1990 til 31.12.2100."),
    ("2100-12-31", "Vedtaksdatoen kan ikke være i framtiden."),
])
def test_gate_date_shows_only_the_most_specific_message(as_owner, programme, owner, typed,
                                                        expected):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2024, 1, 1))
    response = as_owner.post(reverse("programmes:gate-record", args=[programme.pk,
                                                                     "pre_study"]), {
        "deciding_body": "municipal_council", "decided_on": typed, "outcome": "approved"})
    assert response.status_code == 400
    assert response.context["gate_form"].errors["decided_on"] == [expected]
    text = page(response)
    other = ({"Vedtaksdatoen kan ikke være i framtiden.",
              "Oppgi en dato fra 01.01.1990 til 31.12.2100."} - {expected}).pop()
    assert other not in text
    assert not GateDecision.objects.exists()


# ---------------------------------------------------------------- 4. options report, note


def _analysis_with_scores(owner, programme):
    analysis = options.create_analysis(user=owner, programme=programme)
    kf = options.add_alternative(user=owner, analysis=analysis, name="Meløy Utvikling KF",
                                 organisational_form="kf", financing=["project_funds"],
                                 scope="municipality")
    criterion = options.add_criterion(user=owner, analysis=analysis, name="Styring",
                                      weight=100)
    options.set_score(user=owner, analysis=analysis, alternative=kf, criterion=criterion,
                      score=8, reason="Vurdert")
    return analysis


def _generate(client, programme, analysis):
    return client.post(reverse("options:report-generate", args=[programme.pk, analysis.pk]),
                       follow=True)


def test_report_message_when_the_pre_study_is_not_decided(as_owner, programme, owner):
    analysis = _analysis_with_scores(owner, programme)
    response = _generate(as_owner, programme, analysis)
    assert messages_of(response) == ["Versjon 1 av forstudierapporten er laget. Den kan "
                                     "velges når vedtaket for forstudiet registreres."]
    assert "Registrer vedtaket for forstudiet" in page(response)


def test_report_message_when_the_pre_study_is_already_decided(as_owner, programme, owner):
    analysis = _analysis_with_scores(owner, programme)
    first = generate_report(user=owner, analysis=analysis)
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2024, 1, 1))
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="municipal_council",
        decided_on=date(2024, 6, 1), outcome="approved", document=first)
    response = _generate(as_owner, programme, analysis)
    assert messages_of(response) == [
        "Versjon 2 av forstudierapporten er laget. Vedtaket for forstudiet er allerede "
        "registrert og viser til versjon 1."]
    text = page(response)
    assert "Registrer vedtaket for forstudiet" not in text
    assert "Vedtaket for forstudiet er allerede registrert og viser til versjon 1." in text
    assert GeneratedDocument.objects.filter(kind="pre_study_report").count() == 2


def test_report_message_when_the_decision_refers_to_no_version(as_owner, programme, owner):
    analysis = _analysis_with_scores(owner, programme)
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2024, 1, 1))
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="municipal_council",
        decided_on=date(2024, 6, 1), outcome="stopped")
    response = _generate(as_owner, programme, analysis)
    assert messages_of(response) == [
        "Versjon 1 av forstudierapporten er laget. Vedtaket for forstudiet er allerede "
        "registrert, uten henvisning til en versjon av rapporten."]
    assert "Registrer vedtaket for forstudiet" not in page(response)


def test_report_after_a_rework_decision_can_still_be_chosen(as_owner, programme, owner):
    analysis = _analysis_with_scores(owner, programme)
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2024, 1, 1))
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="municipal_council",
        decided_on=date(2024, 6, 1), outcome="rework")
    response = _generate(as_owner, programme, analysis)
    assert "Den kan velges når vedtaket for forstudiet registreres." in messages_of(
        response)[0]
    assert "Registrer vedtaket for forstudiet" in page(response)


@pytest.mark.parametrize("note,shown", [
    ("Forprosjektet kan starte.", "Forprosjektet kan starte. Vedtatt på grunnlag av"),
    ("Forprosjektet kan starte", "Forprosjektet kan starte. Vedtatt på grunnlag av"),
    ("", "sak 2024/5. Vedtatt på grunnlag av"),
])
def test_decision_note_and_document_have_one_full_stop(as_owner, programme, owner, note,
                                                       shown):
    analysis = _analysis_with_scores(owner, programme)
    document = generate_report(user=owner, analysis=analysis)
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2024, 1, 1))
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="municipal_council",
        decided_on=date(2024, 6, 1), outcome="approved", case_number="2024/5", note=note,
        document=document)
    text = page(as_owner.get(reverse("programmes:phase", args=[programme.pk, "pre_study"])))
    assert shown in text
    assert ".. Vedtatt" not in text


# ---------------------------------------------------------------- 5. withdrawing rework


def test_withdrawing_a_rework_decision_says_the_phase_is_still_in_progress(
        as_owner, programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2024, 1, 1))
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="municipal_council",
        decided_on=date(2024, 6, 1), outcome="rework")
    url = reverse("programmes:gate-withdraw", args=[programme.pk, "pre_study"])
    confirm = page(as_owner.get(url))
    assert "Forstudium pågår fortsatt, som før vedtaket." in confirm
    assert "åpnes igjen" not in confirm
    response = as_owner.post(url, {"reason": "Registrert ved en feil", "version": "1"},
                             follow=True)
    assert messages_of(response) == ["Vedtaket er trukket tilbake. Forstudium pågår fortsatt."]
    phase = programme.continuation.phases.get(kind="pre_study")
    assert phase.status == Phase.Status.IN_PROGRESS
    assert AuditEntry.objects.get(action="programmes.gate.withdrawn").data["reason"] == (
        "Registrert ved en feil")


def test_withdrawing_an_approval_says_the_phase_is_reopened(as_owner, programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2024, 1, 1))
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="municipal_council",
        decided_on=date(2024, 6, 1), outcome="approved")
    url = reverse("programmes:gate-withdraw", args=[programme.pk, "pre_study"])
    assert "åpnes igjen som pågående" in page(as_owner.get(url))
    response = as_owner.post(url, {"reason": "Opphevet", "version": "1"}, follow=True)
    assert messages_of(response) == [
        "Vedtaket er trukket tilbake. Forstudium er åpnet igjen og står som pågående."]


# ---------------------------------------------------------------- 7. dates on the list


def test_start_page_writes_dates_in_norwegian(as_owner, programme, owner):
    task = programme.continuation.tasks.filter(removed_at__isnull=True).first()
    services.update_task(user=owner, task=task, expected_version=task.version,
                         assignee=owner, due_date=date(2026, 3, 28))
    text = page(as_owner.get(reverse("programmes:list")))
    assert "31. desember 2026" in text  # latest start, two years before the end (R-START)
    assert "frist 28. mars 2026" in text
    assert "Mar 2026" not in text and "Dec 2026" not in text and "Des 2026" not in text


# ---------------------------------------------------------------- 8. task assignees


def test_assignee_choices_leave_out_observers_and_have_no_double_brackets(
        as_owner, programme, reader, adviser):
    chair = make_user("siri@example.com", first_name="Siri", last_name="Styreleder")
    Membership.objects.create(programme=programme, user=chair, role=Role.BOARD_CHAIR)
    response = as_owner.get(reverse("programmes:task-create", args=[programme.pk]))
    choices = dict(response.context["form"].fields["assignee"].choices)
    assert choices[str(chair.pk)] == "Siri Styreleder – Styreleder (omstillingsstyret)"
    assert str(reader.pk) not in choices  # observer
    assert str(adviser.pk) not in choices  # adviser, not a member
    assert "((" not in page(response) and "))" not in page(response)


def test_an_observer_cannot_be_made_responsible(as_owner, programme, owner, reader):
    response = as_owner.post(reverse("programmes:task-create", args=[programme.pk]), {
        "phase": "initiation", "title": "Skriv referat", "assignee": str(reader.pk)})
    assert response.status_code == 200
    assert "assignee" in response.context["form"].errors
    assert not Task.objects.filter(title="Skriv referat").exists()
    with pytest.raises(ValidationError) as caught:
        services.create_task(user=owner, programme=programme, phase="initiation",
                             title="Skriv referat", assignee=reader)
    assert caught.value.message_dict["assignee"] == [
        "En observatør kan bare lese og kan ikke være ansvarlig for en oppgave. Velg en "
        "person med en annen rolle."]
    with pytest.raises(ValidationError) as caught:
        services.create_task(user=owner, programme=programme, phase="initiation",
                             title="Skriv referat", assignee=make_user("ute@example.com"))
    assert caught.value.message_dict["assignee"] == ["Den ansvarlige må være med i programmet."]
    assert not Task.objects.filter(title="Skriv referat").exists()


def test_observer_assignment_is_refused_by_the_api(client, programme, reader, token_for,
                                                   owner):
    response = client.post(
        f"/api/v1/programmes/{programme.pk}/tasks", {
            "phase": "initiation", "title": "Skriv referat", "assignee": reader.email},
        content_type="application/json", **token_for(owner))
    assert response.status_code == 422
    assert "assignee" in response.content.decode()
    assert not Task.objects.filter(title="Skriv referat").exists()


def test_a_task_keeps_an_assignee_who_later_became_an_observer(as_owner, programme, owner):
    colleague = make_user("kari@example.com", first_name="Kari", last_name="Nordmann")
    membership = Membership.objects.create(programme=programme, user=colleague,
                                           role=Role.PROJECT_GROUP)
    task = services.create_task(user=owner, programme=programme, phase="initiation",
                                title="Skriv referat", assignee=colleague)
    membership.role = Role.OBSERVER
    membership.save()
    url = reverse("programmes:task-edit", args=[programme.pk, task.pk])
    assert str(colleague.pk) in dict(as_owner.get(url).context["form"].fields[
        "assignee"].choices)
    response = as_owner.post(url, {
        "phase": "initiation", "title": "Skriv referatet", "assignee": str(colleague.pk),
        "version": str(task.version), "lag_days": "0"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.assignee) == ("Skriv referatet", colleague)


# ---------------------------------------------------------------- 9. phone numbers


PHONE_MESSAGE = ("Oppgi et telefonnummer med 8 til 15 siffer. Bare siffer, mellomrom, "
                 "+, - og parenteser er tillatt.")


@pytest.mark.parametrize("value", ["22334455", "+47 22 33 44 55", "(+47) 481-23-456",
                                   "0047 22 33 44 55", ""])
def test_phone_numbers_that_pass(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["xxxx", "1234567", "22 33 44 5x", "+47 2233 4455 6677 88",
                                   "22334455 ext 3", "22.33.44.55"])
def test_phone_numbers_that_are_refused(value):
    with pytest.raises(ValidationError) as caught:
        validate_phone(value)
    assert caught.value.messages == [PHONE_MESSAGE]


def test_stakeholder_page_refuses_a_bad_phone_and_keeps_what_was_typed(as_owner, programme):
    response = as_owner.post(reverse("programmes:stakeholders", args=[programme.pk]), {
        "name": "Meløy Næringsforening", "kind": "organisation", "contact_phone": "xxxx",
        "contact_email": "feil"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["contact_phone"] == [PHONE_MESSAGE]
    assert "contact_email" in form.errors  # every error at once
    text = page(response)
    assert 'value="xxxx"' in text and 'value="Meløy Næringsforening"' in text
    assert 'id="id_contact_phone"' in text and 'aria-invalid="true"' in text
    assert not Stakeholder.objects.exists()


def test_stakeholder_service_and_api_refuse_a_bad_phone(client, programme, owner, token_for):
    with pytest.raises(ValidationError) as caught:
        services.create_stakeholder(user=owner, programme=programme, name="Lag",
                                    kind="organisation", contact_phone="xxxx")
    assert caught.value.message_dict["contact_phone"] == [PHONE_MESSAGE]
    response = client.post(
        f"/api/v1/programmes/{programme.pk}/stakeholders",
        {"name": "Lag", "kind": "organisation", "contact_phone": "xxxx"},
        content_type="application/json", **token_for(owner))
    assert response.status_code == 422
    assert "contact_phone" in response.content.decode()
    assert not Stakeholder.objects.exists()
    stakeholder = services.create_stakeholder(user=owner, programme=programme, name="Lag",
                                              kind="organisation",
                                              contact_phone="+47 22 33 44 55")
    assert stakeholder.contact_phone == "+47 22 33 44 55"
