"""Correct and withdraw alternatives, criteria and scores: versioned, audited with the
values before and after (and the reason), and a change after a report version marks
the report as outdated while the stored version stays as it was (issue 8, point 3)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry
from videreforing.documents.models import GeneratedDocument
from videreforing.lib.errors import StaleVersion
from videreforing.options import services
from videreforing.options.models import Alternative, Criterion, Score
from videreforing.options.report import generate_report

pytestmark = pytest.mark.django_db


def _last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("pk")


@pytest.fixture
def reported(owner, scored):
    """The scored analysis with report version 1 made."""
    document = generate_report(user=owner, analysis=scored["analysis"])
    scored["analysis"].refresh_from_db()
    return {**scored, "document": document}


def _assert_outdated_and_version_1_unchanged(reported):
    document = reported["document"]
    stored = GeneratedDocument.objects.get(pk=document.pk)
    assert bytes(stored.docx) == bytes(document.docx)
    assert bytes(stored.pdf) == bytes(document.pdf)
    assert stored.data == document.data and stored.version == 1
    reported["analysis"].refresh_from_db()
    assert reported["analysis"].report_outdated is True


# ---------------------------------------------------------------- alternatives


def test_correcting_an_alternative_is_audited_and_outdates_the_report(owner, reported):
    kf = reported["kf"]
    assert reported["analysis"].report_outdated is False
    services.update_alternative(user=owner, alternative=kf, expected_version=kf.version,
                                reason="Feil navn", name="Meløy Næringsutvikling KF",
                                financing=["municipal_contribution"])
    kf.refresh_from_db()
    assert (kf.name, kf.financing, kf.version) == (
        "Meløy Næringsutvikling KF", ["municipal_contribution"], 2)
    entry = _last("options.alternative.updated")
    assert entry.data["before"] == {"name": "Meløy Utvikling KF",
                                    "financing": ["municipal_contribution", "project_funds"]}
    assert entry.data["after"] == {"name": "Meløy Næringsutvikling KF",
                                   "financing": ["municipal_contribution"]}
    assert entry.data["reason"] == "Feil navn"
    assert describe(entry) == (
        "endret alternativet «Meløy Næringsutvikling KF»: navn fra «Meløy Utvikling KF» til "
        "«Meløy Næringsutvikling KF»; finansiering fra Kommunalt tilskudd og Prosjektmidler "
        "til Kommunalt tilskudd. Begrunnelse: Feil navn")
    _assert_outdated_and_version_1_unchanged(reported)
    generate_report(user=owner, analysis=reported["analysis"])
    reported["analysis"].refresh_from_db()
    assert reported["analysis"].report_outdated is False


def test_a_stale_alternative_edit_is_refused_and_changes_nothing(owner, scored):
    kf = scored["kf"]
    services.update_alternative(user=owner, alternative=kf, expected_version=1, name="Ny")
    entries = AuditEntry.objects.count()
    with pytest.raises(StaleVersion) as caught:
        services.update_alternative(user=owner, alternative=kf, expected_version=1,
                                    name="Eldre")
    assert caught.value.data["current_version"] == 2
    assert Alternative.objects.get(pk=kf.pk).name == "Ny"
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("changes,field", [
    ({"name": "  "}, "name"), ({"organisational_form": "ltd"}, "organisational_form"),
    ({"scope_note": "x" * 301}, "scope_note"), ({"description": "a\x00b"}, "description"),
    ({"financing": 12}, "financing"), ({"version": 3}, "version"),
])
def test_bad_alternative_corrections_name_the_field_and_store_nothing(owner, scored,
                                                                       changes, field):
    kf = scored["kf"]
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.update_alternative(user=owner, alternative=kf, expected_version=1,
                                    **changes)
    assert field in caught.value.message_dict
    kf.refresh_from_db()
    assert (kf.name, kf.version) == ("Meløy Utvikling KF", 1)
    assert AuditEntry.objects.count() == entries


def test_removing_an_alternative_keeps_its_values_and_scores_in_the_history(owner,
                                                                            reported):
    aksje = reported["as"]
    services.remove_alternative(user=owner, alternative=aksje, reason="Ikke aktuelt")
    assert not Alternative.objects.filter(pk=aksje.pk).exists()
    assert not Score.objects.filter(alternative_id=aksje.pk).exists()
    entry = _last("options.alternative.removed")
    assert entry.data["before"]["name"] == "Utviklingsselskap AS"
    assert entry.data["scores"] == {"Styring": "6.00", "Næringsliv": "9.00",
                                    "Kostnad": "7.00"}
    assert entry.data["reason"] == "Ikke aktuelt"
    _assert_outdated_and_version_1_unchanged(reported)


# ---------------------------------------------------------------- criteria


def test_correcting_a_criterion_weight_keeps_the_sum_at_most_100(owner, reported):
    control = reported["control"]
    with pytest.raises(ValidationError) as caught:
        services.update_criterion(user=owner, criterion=control, expected_version=1,
                                  weight=51)
    assert "101" in caught.value.message_dict["weight"][0]
    reported["analysis"].refresh_from_db()
    assert reported["analysis"].report_outdated is False  # nothing happened
    services.update_criterion(user=owner, criterion=control, expected_version=1,
                              weight="45,5", name="Kommunal styring", reason="Møte 3")
    control.refresh_from_db()
    assert (str(control.weight), control.name, control.version) == (
        "45.50", "Kommunal styring", 2)
    entry = _last("options.criterion.updated")
    assert entry.data["before"] == {"name": "Styring", "weight": "50.00"}
    assert entry.data["after"] == {"name": "Kommunal styring", "weight": "45.50"}
    assert entry.data["reason"] == "Møte 3"
    _assert_outdated_and_version_1_unchanged(reported)
    with pytest.raises(StaleVersion):
        services.update_criterion(user=owner, criterion=control, expected_version=1,
                                  name="Igjen")


def test_correcting_a_rank_recomputes_the_weights(owner, scored):
    analysis = scored["analysis"]
    services.set_weights(user=owner, analysis=analysis, method="ranking", values={})
    cost = Criterion.objects.get(pk=scored["cost"].pk)
    services.update_criterion(user=owner, criterion=cost, expected_version=cost.version,
                              rank=1)
    weights = {c.name: c.weight for c in Criterion.objects.all()}
    assert weights["Kostnad"] > weights["Næringsliv"]
    assert sum(weights.values()) == 100
    with pytest.raises(ValidationError) as caught:
        services.update_criterion(user=owner, criterion=cost,
                                  expected_version=Criterion.objects.get(pk=cost.pk).version,
                                  weight=10)
    assert "weight" in caught.value.message_dict


def test_removing_a_criterion_is_audited(owner, reported):
    cost = reported["cost"]
    services.remove_criterion(user=owner, criterion=cost)
    entry = _last("options.criterion.removed")
    assert entry.data["before"]["weight"] == "20.00"
    assert entry.data["scores"] == {"Meløy Utvikling KF": "7.00",
                                    "Utviklingsselskap AS": "7.00"}
    assert not Criterion.objects.filter(pk=cost.pk).exists()
    _assert_outdated_and_version_1_unchanged(reported)


# ---------------------------------------------------------------- scores


def test_correcting_and_removing_a_score(owner, reported):
    score = Score.objects.get(alternative=reported["kf"], criterion=reported["cost"])
    services.update_score(user=owner, score=score, expected_version=1,
                          changes={"score": "6", "reason": "Ny kostnadsberegning"})
    score.refresh_from_db()
    assert (score.score, score.reason, score.version) == (6, "Ny kostnadsberegning", 2)
    entry = _last("options.score.corrected")
    assert entry.data["before"] == {"score": "7.00", "reason": "Vurdert i prosjektgruppen"}
    assert entry.data["after"] == {"score": "6.00", "reason": "Ny kostnadsberegning"}
    assert describe(entry) == ("endret poengene for «Meløy Utvikling KF» på «Kostnad» fra 7 "
                               "til 6")
    _assert_outdated_and_version_1_unchanged(reported)
    with pytest.raises(StaleVersion):
        services.update_score(user=owner, score=score, expected_version=1,
                              changes={"score": 5})
    for bad in ({"score": 11}, {"score": "abc"}, {"score": "1e30"}, {"reason": " "},
                {"score": None}, {"weight": 3}):
        with pytest.raises(ValidationError):
            services.update_score(user=owner, score=score, expected_version=2, changes=bad)
    score.refresh_from_db()
    assert (score.score, score.version) == (6, 2)
    services.remove_score(user=owner, score=score, reason="Vurderes på nytt")
    assert not Score.objects.filter(pk=score.pk).exists()
    entry = _last("options.score.removed")
    assert entry.data["before"]["score"] == "6.00" and entry.data["reason"] == "Vurderes på nytt"


def test_an_unchanged_score_writes_nothing(owner, scored):
    score = Score.objects.get(alternative=scored["kf"], criterion=scored["cost"])
    entries = AuditEntry.objects.count()
    services.set_score(user=owner, analysis=scored["analysis"], alternative=scored["kf"],
                       criterion=scored["cost"], score="7,00",
                       reason="Vurdert i prosjektgruppen")
    assert AuditEntry.objects.count() == entries
    assert Score.objects.get(pk=score.pk).version == 1


def test_changes_without_a_report_do_not_mark_anything_outdated(owner, scored):
    services.update_alternative(user=owner, alternative=scored["kf"], expected_version=1,
                                name="KF")
    scored["analysis"].refresh_from_db()
    assert scored["analysis"].report_outdated is False


# ---------------------------------------------------------------- pages


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def test_analysis_page_says_the_report_is_outdated(as_owner, owner, reported):
    analysis = reported["analysis"]
    url = reverse("options:analysis", args=[analysis.programme_id, analysis.pk])
    assert "Rapporten er utdatert" not in as_owner.get(url).content.decode()
    services.set_score(user=owner, analysis=analysis, alternative=reported["kf"],
                       criterion=reported["cost"], score=3, reason="Ny vurdering")
    html = as_owner.get(url).content.decode()
    assert 'data-testid="report-outdated"' in html
    assert "Rapporten er utdatert – lag en ny versjon" in html


def test_alternative_edit_page_corrects_and_keeps_typed_values_on_error(as_owner, scored):
    analysis, kf = scored["analysis"], scored["kf"]
    url = reverse("options:alternative-edit", args=[analysis.programme_id, analysis.pk,
                                                     kf.pk])
    page = as_owner.get(url)
    assert page.status_code == 200 and "Meløy Utvikling KF" in page.content.decode()
    bad = as_owner.post(url, {"name": "", "organisational_form": "kf",
                              "scope": "municipality", "description": "Ny beskrivelse",
                              "version": "1", "reason": "Rydding"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Ny beskrivelse" in html and "Rydding" in html
    assert 'aria-describedby="name-error"' in html and "ds-error-summary" in html
    assert Alternative.objects.get(pk=kf.pk).description == ""
    ok = as_owner.post(url, {"name": "Meløy KF", "organisational_form": "kf",
                             "scope": "municipality", "financing": ["county"],
                             "version": "1", "reason": "Rydding"})
    assert ok.status_code == 302
    kf.refresh_from_db()
    assert (kf.name, kf.financing, kf.version) == ("Meløy KF", ["county"], 2)
    assert _last("options.alternative.updated").data["reason"] == "Rydding"
    stale = as_owner.post(url, {"name": "Eldre navn", "organisational_form": "kf",
                                "scope": "municipality", "version": "1"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Noen andre har endret alternativet" in html and "Eldre navn" in html
    assert Alternative.objects.get(pk=kf.pk).name == "Meløy KF"


def test_criterion_edit_page_refuses_a_sum_over_100_and_keeps_typed_values(as_owner,
                                                                            scored):
    analysis, control = scored["analysis"], scored["control"]
    url = reverse("options:criterion-edit", args=[analysis.programme_id, analysis.pk,
                                                   control.pk])
    response = as_owner.post(url, {"name": "Styring og kontroll", "weight": "60",
                                   "version": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Styring og kontroll"' in html and 'value="60"' in html
    assert "110" in html and 'aria-describedby="weight-error"' in html
    assert Criterion.objects.get(pk=control.pk).name == "Styring"
    ok = as_owner.post(url, {"name": "Styring og kontroll", "weight": "50",
                             "version": "1"})
    assert ok.status_code == 302
    assert Criterion.objects.get(pk=control.pk).name == "Styring og kontroll"


def test_removing_a_score_asks_first_and_records_the_reason(as_owner, scored):
    analysis = scored["analysis"]
    score = Score.objects.get(alternative=scored["kf"], criterion=scored["cost"])
    url = reverse("options:remove-item", args=[analysis.programme_id, analysis.pk, "poeng",
                                                score.pk])
    page = as_owner.get(url)
    assert page.status_code == 200
    assert "Vil du fjerne poengene for «Meløy Utvikling KF» på «Kostnad»" in (
        page.content.decode())
    assert Score.objects.filter(pk=score.pk).exists()
    response = as_owner.post(url, {"reason": "Må vurderes på nytt"})
    assert response.status_code == 302
    assert not Score.objects.filter(pk=score.pk).exists()
    assert _last("options.score.removed").data["reason"] == "Må vurderes på nytt"


def test_remove_page_refuses_an_overlong_reason_and_removes_nothing(as_owner, scored):
    analysis, kf = scored["analysis"], scored["kf"]
    url = reverse("options:remove-item", args=[analysis.programme_id, analysis.pk,
                                                "alternativ", kf.pk])
    response = as_owner.post(url, {"reason": "x" * 2001})
    assert response.status_code == 400
    assert "x" * 2001 in response.content.decode()
    assert Alternative.objects.filter(pk=kf.pk).exists()


def test_edit_and_remove_pages_of_another_analysis_item_are_404(as_owner, owner, scored,
                                                                programme):
    other = services.create_analysis(user=owner, programme=programme)
    kf = scored["kf"]
    for name, kwargs in (("options:alternative-edit", {"alternative_id": kf.pk}),
                         ("options:criterion-edit", {"criterion_id": scored["cost"].pk}),
                         ("options:remove-item", {"kind": "alternativ", "item_id": kf.pk}),
                         ("options:remove-item", {"kind": "tull", "item_id": kf.pk}),
                         ("options:alternative-edit", {"alternative_id": 10**30})):
        url = reverse(name, kwargs={"pk": programme.pk, "analysis_id": other.pk, **kwargs})
        assert as_owner.get(url).status_code == 404


# ---------------------------------------------------------------- stakeholder input


@pytest.fixture
def meeting(owner, scored):
    from datetime import date

    from videreforing.programmes import services as programme_services

    stakeholder = programme_services.create_stakeholder(
        user=owner, programme=scored["analysis"].programme, name="Næringsforum",
        kind="organisation")
    return services.add_input(user=owner, analysis=scored["analysis"], stakeholder=stakeholder,
                              held_on=date(2026, 3, 2), summary="Vil eie en del",
                              alternatives=[scored["as"]])


def test_correcting_an_input_keeps_its_stakeholder_even_if_since_removed(owner, meeting):
    from datetime import date

    from videreforing.programmes import services as programme_services

    programme_services.remove_stakeholder(user=owner, stakeholder=meeting.stakeholder)
    services.update_input(user=owner, item=meeting, expected_version=1,
                          held_on=date(2026, 2, 3), reason="Feil dato")
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.version) == (date(2026, 2, 3), 2)
    entry = _last("options.input.updated")
    assert entry.data["before"] == {"held_on": "2026-03-02"}
    assert entry.data["after"] == {"held_on": "2026-02-03"}
    assert entry.data["reason"] == "Feil dato"
    with pytest.raises(StaleVersion):
        services.update_input(user=owner, item=meeting, expected_version=1, summary="x")
    with pytest.raises(ValidationError) as caught:
        services.update_input(user=owner, item=meeting, expected_version=2,
                              held_on=date(9999, 12, 31), summary="")
    assert set(caught.value.message_dict) == {"held_on", "summary"}
    services.remove_input(user=owner, item=meeting, reason="Dobbeltregistrert")
    entry = _last("options.input.removed")
    assert entry.data["before"]["summary"] == "Vil eie en del"
    assert entry.data["reason"] == "Dobbeltregistrert"


def test_input_edit_page_keeps_typed_values_and_remove_asks_first(as_owner, meeting):
    analysis = meeting.analysis
    url = reverse("options:input-edit", args=[analysis.programme_id, analysis.pk,
                                               meeting.pk])
    assert "Vil eie en del" in as_owner.get(url).content.decode()
    response = as_owner.post(url, {"stakeholder": str(meeting.stakeholder_id),
                                   "kind": "meeting", "held_on": "1989-12-31",
                                   "summary": "Ny tekst", "version": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="1989-12-31"' in html and "Ny tekst" in html
    assert 'aria-describedby="held_on-error"' in html
    meeting.refresh_from_db()
    assert meeting.summary == "Vil eie en del"
    remove = reverse("options:remove-item", args=[analysis.programme_id, analysis.pk,
                                                   "innspill", meeting.pk])
    assert "Vil du fjerne innspillet fra «Næringsforum»" in as_owner.get(remove).content.decode()
    assert as_owner.post(remove, {}).status_code == 302
    assert not analysis.inputs.exists()
