"""Issue 9, point 3: next steps come from the programme's state, the tender's own events
tick the template tasks that describe them, and "Mine oppgaver" includes the tasks of
the user's role."""

import html
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.audit.models import AuditEntry
from videreforing.options import services as options
from videreforing.programmes import selectors, services
from videreforing.programmes.models import Programme, Task, TaskEvent
from videreforing.programmes.next_steps import next_steps

pytestmark = pytest.mark.django_db

ANNOUNCE = "Lys ut oppdraget"


def codes(programme, today=None):
    return [step.code for step in next_steps(programme, today)]


def _tender(owner, programme, *, deadline=None, value=450_000):
    from videreforing.procurement import services as procurement

    return procurement.create_tender(
        user=owner, programme=programme, title="Ekstern prosessleder",
        description="Lede forstudiet.", estimated_value=value,
        tender_deadline=deadline or timezone.localdate() + timedelta(days=40))


def _awarded_tender(owner, programme, *, value=450_000, announced_days_ago=None):
    """A tender whose deadline has passed, with one scored bid, awarded. Announced
    `announced_days_ago` if given."""
    from videreforing.procurement import services as procurement
    from videreforing.procurement.models import Supplier, Tender

    tender = _tender(owner, programme, value=value)
    procurement.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                              weight=40, price_model="linear")
    quality = procurement.add_criterion(user=owner, tender=tender, name="Kompetanse",
                                        kind="quality", weight=60, scoring="Erfaring.")
    supplier = Supplier.objects.filter(org_number="974760673").first() or \
        procurement.create_supplier(user=owner, org_number="974760673", name="Nordlandsråd AS")
    bid = procurement.register_bid(user=owner, tender=tender, supplier=supplier,
                                   price=380_000, scores={quality.pk: (9, "Lang erfaring")},
                                   contact_email="leder@nordlandsrad.example")
    if announced_days_ago is not None:
        tender = procurement.announce_tender(
            user=owner, tender=tender, channels=procurement.required_channels(tender) or [
                "invited"],
            announced_on=timezone.localdate() - timedelta(days=announced_days_ago))
    # The award is refused before the deadline (point 5): let the deadline pass.
    Tender.objects.filter(pk=tender.pk).update(
        tender_deadline=timezone.localdate() - timedelta(days=1))
    tender.refresh_from_db()
    return procurement.award_tender(user=owner, tender=tender, bid=bid)


# ---------------------------------------------------------------- the demo programmes


def test_next_steps_of_each_demo_programme():
    call_command("load_demo")
    demo = {p.name: p for p in Programme.objects.filter(is_demo=True)}

    # Sunndal: latest start in two months, nothing started, its tender being prepared.
    sunndal_programme = demo["Demo: Omstillingsprogrammet i Sunndal"]
    sunndal = next_steps(sunndal_programme)
    assert [s.code for s in sunndal] == ["start_pre_study", "finish_tasks", "announce_tender"]
    assert "om 60 dager" in sunndal[0].text
    assert sunndal[2].text.startswith("Kunngjør konkurransen")
    assert sunndal[2].url == reverse("procurement:tender", args=[
        sunndal_programme.pk, sunndal_programme.tenders.get().pk])

    # Flakstad: years ahead, the same steps.
    assert codes(demo["Demo: Omstillingsprogrammet i Flakstad"]) == [
        "start_pre_study", "finish_tasks", "announce_tender"]

    # Nordkapp and Porsanger: the latest start has passed.
    nordkapp = next_steps(demo["Demo: Regional omstilling Nordkapp og Porsanger"])
    assert nordkapp[0].code == "start_pre_study"
    assert nordkapp[0].text.startswith("Seneste oppstart var")
    # Its part II tender's notice went out three days ago: the standstill is running.
    assert "await_standstill" in [s.code for s in nordkapp]

    # Meløy: tender awarded, pre-study approved, pre-project running. Nothing finished
    # (the tender, the pre-study, its options analysis) is a next step.
    meloy_programme = demo["Demo: Omstillingsprogrammet i Meløy"]
    meloy = next_steps(meloy_programme)
    assert [s.code for s in meloy] == ["finish_tasks", "submit_gate", "operative_deadline"]
    assert all(ANNOUNCE not in s.text for s in meloy)
    assert meloy[0].url == reverse("programmes:phase", args=[meloy_programme.pk,
                                                             "pre_project"])
    # The award ticked the tender's template tasks, with a link to the tender.
    ticked = meloy_programme.continuation.tasks.filter(
        template_task__event=TaskEvent.TENDER_AWARDED).get()
    assert ticked.done and ticked.done_link.startswith(
        f"/program/{meloy_programme.pk}/anskaffelser/")


# ---------------------------------------------------------------- states


def test_no_tender_suggests_announcing_it(programme):
    steps = next_steps(programme)
    step = next(s for s in steps if s.code == "announce_tender")
    assert ANNOUNCE in step.text
    assert step.url == reverse("procurement:list", args=[programme.pk])


def test_draft_tender_links_to_the_tender(programme, owner):
    tender = _tender(owner, programme)
    step = next(s for s in next_steps(programme) if s.code == "announce_tender")
    assert "«Ekstern prosessleder»" in step.text
    assert step.url == reverse("procurement:tender", args=[programme.pk, tender.pk])


def test_awarded_tender_is_never_a_next_step_and_ticks_its_tasks(programme, owner):
    tender = _awarded_tender(owner, programme)
    assert "announce_tender" not in codes(programme)
    assert "award_tender" not in codes(programme)
    # Part I: the notice is not required, so the next step is the signed contract.
    assert "record_contract" in codes(programme)
    tasks = Task.objects.filter(continuation__programme=programme,
                                template_task__event__in=TaskEvent.values)
    assert tasks.count() == 2 and all(t.done for t in tasks)
    link = reverse("procurement:tender", args=[programme.pk, tender.pk])
    assert {t.done_link for t in tasks} == {link}
    actions = set(AuditEntry.objects.filter(action__startswith="programmes.task.completed_by")
                  .values_list("action", flat=True))
    assert actions == {"programmes.task.completed_by_tender_announced",
                       "programmes.task.completed_by_tender_awarded"}
    # The initiation page shows the link to the tender on the ticked task.


def test_ticked_task_shows_the_tender_link_and_reopening_clears_it(client, programme, owner):
    tender = _awarded_tender(owner, programme)
    client.force_login(owner)
    page = html.unescape(client.get(reverse("programmes:phase", args=[
        programme.pk, "initiation"])).content.decode())
    assert "Utført: konkurransen «Ekstern prosessleder» er tildelt" in page
    assert reverse("procurement:tender", args=[programme.pk, tender.pk]) in page
    task = Task.objects.get(continuation__programme=programme,
                            template_task__event=TaskEvent.TENDER_AWARDED)
    task = services.update_task(user=owner, task=task, expected_version=task.version,
                                done=False)
    assert task.done_link == "" and task.done_by_event == ""


def test_complete_tasks_for_event_leaves_done_and_removed_tasks_alone(programme, owner):
    announce = Task.objects.get(continuation__programme=programme,
                                template_task__event=TaskEvent.TENDER_ANNOUNCED)
    services.remove_task(user=owner, task=announce)
    ticked = services.complete_tasks_for_event(
        user=owner, programme=programme, event=TaskEvent.TENDER_ANNOUNCED, link="/x/",
        source="T")
    assert ticked == []
    with pytest.raises(ValueError):
        services.complete_tasks_for_event(user=owner, programme=programme, event="nope")


def test_pre_study_without_options_analysis_asks_for_it(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    steps = next_steps(programme)
    assert [s.code for s in steps][:1] == ["announce_tender"]
    analysis_step = next(s for s in steps if s.code == "options_analysis")
    assert analysis_step.url == reverse("options:list", args=[programme.pk])
    analysis = options.create_analysis(user=owner, programme=programme)
    report_step = next(s for s in next_steps(programme) if s.code == "options_report")
    assert report_step.url == reverse("options:analysis", args=[programme.pk, analysis.pk])
    assert {"finish_tasks", "submit_gate", "operative_deadline"} <= set(codes(programme))


def test_rework_decision_asks_to_submit_again(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2026, 3, 1), outcome="rework")
    assert codes(programme)[:2] == ["announce_tender", "rework"]


def test_approved_gate_with_open_tasks_then_start_of_the_next_phase(programme, owner):
    _awarded_tender(owner, programme)
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2026, 3, 1), outcome="approved")
    steps = next_steps(programme)
    assert [s.code for s in steps] == ["open_at_gate", "start_phase", "operative_deadline"]
    assert "ikke utført ved vedtaket" in steps[0].text
    assert steps[1].text == "Start forprosjekt."
    for task in programme.continuation.tasks.filter(phase="pre_study"):
        services.update_task(user=owner, task=task, expected_version=task.version, done=True)
    assert codes(programme) == ["start_phase", "operative_deadline"]


def test_stopped_phase_and_completed_programme(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2026, 3, 1), outcome="stopped")
    assert codes(programme) == ["stopped", "operative_deadline"]


def test_completed_main_project_is_the_only_step(programme, owner):
    started = date(2025, 1, 5)
    for index, kind in enumerate(("pre_study", "pre_project", "main_project")):
        services.start_phase(user=owner, programme=programme, kind=kind,
                             started_on=started + timedelta(days=100 * index))
        services.record_gate_decision(
            user=owner, programme=programme, kind=kind, deciding_body="municipal_council",
            decided_on=started + timedelta(days=100 * index + 50), outcome="approved")
    assert codes(programme) == ["completed"]


def test_programme_page_lists_the_steps_with_their_links(client, programme, owner):
    client.force_login(owner)
    page = html.unescape(client.get(reverse("programmes:detail",
                                            args=[programme.pk])).content.decode())
    assert 'data-step="announce_tender"' in page
    assert f'href="{reverse("procurement:list", args=[programme.pk])}"' in page
    _awarded_tender(owner, programme)
    page = html.unescape(client.get(reverse("programmes:detail",
                                            args=[programme.pk])).content.decode())
    section = page[page.index('class="ds-card next-steps"'):]
    section = section[:section.index("</section>")]
    assert ANNOUNCE not in section and 'data-step="finish_tasks"' in section


# ---------------------------------------------------------------- my tasks


def test_my_tasks_include_the_tasks_of_my_role(client, programme, owner, reader):
    leader = Membership.objects.get(programme=programme, user=reader)
    leader.role = Role.PROCESS_LEADER
    leader.save()
    role_tasks = programme.continuation.tasks.filter(responsible_role=Role.PROCESS_LEADER)
    taken = role_tasks.first()
    services.update_task(user=owner, task=taken, expected_version=taken.version,
                         assignee=owner)
    mine = list(selectors.open_tasks_for(reader, Programme.objects.all()))
    assert mine and {t.responsible_role for t in mine} == {Role.PROCESS_LEADER}
    assert taken not in mine  # assigned to someone else: theirs
    assert len(mine) == role_tasks.count() - 1
    # The owner sees the task assigned to them personally.
    assert taken in list(selectors.open_tasks_for(owner, Programme.objects.all()))

    client.force_login(reader)
    page = html.unescape(client.get(reverse("programmes:list")).content.decode())
    assert mine[0].title in page
    assert "rollen din: Prosessleder" in page


def test_my_tasks_leave_out_done_tasks_and_other_programmes(programme, owner, outsider):
    other = services.create_programme(
        user=outsider, name="Annet program", municipality_numbers=["1859"],
        period_start=date(2023, 1, 1), period_end=date(2028, 12, 31))
    role = Membership.objects.get(programme=other, user=outsider).role
    visible = Programme.objects.filter(pk=programme.pk)
    assert not selectors.open_tasks_for(outsider, visible).exists()
    mine = selectors.open_tasks_for(outsider, Programme.objects.filter(pk=other.pk))
    assert mine.exists() and all(t.responsible_role == role for t in mine)
    task = mine.first()
    services.update_task(user=outsider, task=task, expected_version=task.version, done=True)
    assert task not in list(selectors.open_tasks_for(outsider,
                                                     Programme.objects.filter(pk=other.pk)))


def test_every_step_of_every_state_has_a_link(programme, owner):
    seen = list(next_steps(programme))
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    seen += next_steps(programme)
    assert seen and all(step.url for step in seen)


def test_reopened_award_is_a_next_step_again(programme, owner):
    from videreforing.procurement import services as procurement

    tender = _awarded_tender(owner, programme)
    assert "award_tender" not in codes(programme)
    procurement.reopen_award(user=owner, tender=tender, reason="Feil i poengene",
                             expected_version=tender.version)
    assert "award_tender" in codes(programme)


def test_task_ticked_by_hand_counts_as_done(programme, owner):
    for task in Task.objects.filter(continuation__programme=programme,
                                    template_task__event=TaskEvent.TENDER_AWARDED):
        services.update_task(user=owner, task=task, expected_version=task.version, done=True)
    assert not {"announce_tender", "award_tender"} & set(codes(programme))


# ---------------------------------------------------------------- the tender's states


def _tender_step(programme, today=None):
    tender_codes = {"announce_tender", "award_tender", "send_notice", "await_standstill",
                    "record_contract"}
    steps = [s for s in next_steps(programme, today) if s.code in tender_codes]
    assert len(steps) <= 1
    return steps[0] if steps else None


def test_draft_tender_asks_to_announce_it(programme, owner):
    tender = _tender(owner, programme)
    step = _tender_step(programme)
    assert step.code == "announce_tender"
    assert step.text.startswith("Kunngjør konkurransen «Ekstern prosessleder»")
    assert step.url == reverse("procurement:tender", args=[programme.pk, tender.pk])


def test_announced_tender_waits_for_the_deadline_then_asks_for_the_award(programme, owner):
    from videreforing.procurement import services as procurement
    from videreforing.procurement.models import Tender

    tender = _tender(owner, programme)
    procurement.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                              weight=100, price_model="linear")
    procurement.announce_tender(user=owner, tender=tender, channels=["invited"],
                                reference="Tre inviterte")
    step = _tender_step(programme)
    assert step.code == "award_tender"
    assert "Registrer tilbudene etter hvert som de kommer inn" in step.text
    assert step.url == reverse("procurement:tender", args=[programme.pk, tender.pk])
    # The deadline passed: evaluate and award.
    Tender.objects.filter(pk=tender.pk).update(
        tender_deadline=timezone.localdate() - timedelta(days=1))
    step = _tender_step(programme)
    assert step.code == "award_tender"
    assert step.text.startswith("Vurder tilbudene og tildel oppdraget «Ekstern prosessleder»")


def test_part_2_award_asks_for_the_notice_then_the_standstill_then_the_contract(
        programme, owner):
    from videreforing.procurement import services as procurement

    tender = _awarded_tender(owner, programme, value=2_000_000, announced_days_ago=60)
    assert tender.regime == "part_2"
    url = reverse("procurement:tender", args=[programme.pk, tender.pk])
    step = _tender_step(programme)
    assert (step.code, step.url) == ("send_notice", url)
    assert "Send meddelelse om tildelingen av «Ekstern prosessleder»" in step.text

    tender = procurement.send_notice(user=owner, tender=tender, advantages="Best kvalitet.",
                                     expected_version=tender.version)
    ends = tender.standstill_ends
    assert ends == timezone.localdate() + timedelta(days=10)
    step = _tender_step(programme)
    assert (step.code, step.url) == ("await_standstill", url)
    next_day = date_format(ends + timedelta(days=1), "j. F Y")
    assert step.text == (f"Kontrakten om «Ekstern prosessleder» kan signeres fra {next_day}, "
                         "når karensperioden er ute.")
    # The day after its last day the standstill is over: record the contract.
    step = _tender_step(programme, today=ends + timedelta(days=1))
    assert (step.code, step.url) == ("record_contract", url)
    assert "Registrer den signerte kontrakten" in step.text


def test_signed_contract_ends_the_tender_steps(programme, owner):
    from videreforing.procurement import services as procurement

    tender = _awarded_tender(owner, programme)  # part I: the contract right away
    assert _tender_step(programme).code == "record_contract"
    procurement.record_contract(user=owner, tender=tender, signed_on=timezone.localdate(),
                                value=380_000, expected_version=tender.version)
    assert _tender_step(programme) is None
    assert codes(programme) == ["start_pre_study", "finish_tasks"]


def test_no_tender_step_once_the_pre_study_is_decided(programme, owner):
    _awarded_tender(owner, programme)
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    assert _tender_step(programme).code == "record_contract"
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2026, 3, 1), outcome="approved")
    assert _tender_step(programme) is None


# ---------------------------------------------------------------- too late even today


def test_latest_start_passed_and_too_late_even_if_started_today(programme):
    """Meløy: latest start 31.12.2026, operative deadline 31.12.2028. A forecast (which
    assumes the pre-study starts today) after the deadline: no promise of being in
    time, but the forecast date and a word with Innovasjon Norge."""
    today = date(2027, 3, 1)
    step = next_steps(programme, today, forecast_operative=date(2029, 2, 15))[0]
    assert step.code == "start_pre_study"
    assert step.text == (
        "Seneste oppstart var 31. desember 2026. Selv med oppstart i dag er prognosen for "
        "operativ enhet 15. februar 2029, etter fristen 31. desember 2028. Start "
        "forstudiet nå, og snakk med Innovasjon Norge om planen.")
    assert "slik at enheten kan være operativ" not in step.text
    assert step.url == reverse("programmes:phase", args=[programme.pk, "pre_study"])


def test_latest_start_passed_but_a_start_today_is_in_time(programme):
    step = next_steps(programme, date(2027, 3, 1), forecast_operative=date(2028, 6, 1))[0]
    assert step.text == ("Seneste oppstart var 31. desember 2026. Start forstudiet nå, "
                         "slik at enheten kan være operativ før 31. desember 2028.")


def test_latest_start_passed_reads_the_forecast_through_plans(programme):
    """Without a forecast from the caller, the plan is read through programmes/plans.py
    (programmes does not import planning): a start a month before the deadline cannot
    be in time."""
    from videreforing.programmes import plans

    today = date(2028, 12, 1)
    forecast = plans.plan_for_page(programme, today=today).forecast_operative
    assert forecast > programme.operative_deadline
    step = next_steps(programme, today)[0]
    assert f"prognosen for operativ enhet {date_format(forecast, 'j. F Y')}" in step.text
    assert "snakk med Innovasjon Norge" in step.text
