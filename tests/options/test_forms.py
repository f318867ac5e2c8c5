"""Every form of the options analysis keeps what was typed on an error, shows every
error at once at its field (aria-invalid, aria-describedby to the error's id) with one
summary on top, and stores nothing (issue 8, point 2)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from videreforing.audit.models import AuditEntry
from videreforing.options import services
from videreforing.options.models import (
    Alternative,
    Criterion,
    OptionsAnalysis,
    Score,
    StakeholderInput,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def _input(html: str, name: str) -> str:
    """The <input> (or <textarea>) element named `name` in the page."""
    match = re.search(r'<input[^>]*\bname="%s"[^>]*>' % re.escape(name), html)
    if match is None:
        match = re.search(r'<textarea[^>]*\bname="%s"[^>]*>.*?</textarea>' % re.escape(name),
                          html, re.S)
    assert match, f"no input named {name}"
    return unescape(match.group(0))


def _value(html: str, name: str) -> str:
    element = _input(html, name)
    if element.startswith("<textarea"):
        return re.sub(r"^<textarea[^>]*>\n?|</textarea>$", "", element)
    match = re.search(r'\bvalue="([^"]*)"', element)
    return match.group(1) if match else ""


def _assert_error_at(html: str, name: str, text: str = "") -> None:
    element = _input(html, name)
    element_id = re.search(r'\bid="([^"]+)"', element).group(1)
    assert 'aria-invalid="true"' in element, element
    described = re.search(r'aria-describedby="([^"]*)"', element).group(1).split()
    error_id = f"{name}-error"
    assert error_id in described, element
    error = re.search(r'<div[^>]*id="%s"[^>]*>(.*?)</div>' % re.escape(error_id), html, re.S)
    assert error, f"no error element {error_id}"
    assert text in unescape(error.group(1))
    summary = re.search(r'<div class="ds-error-summary.*?</div>', html, re.S)
    assert summary and f'href="#{element_id}"' in summary.group(0)


def _one_summary(html: str) -> None:
    assert html.count("ds-error-summary") == 1


def _nothing_stored(before: int) -> None:
    assert AuditEntry.objects.count() == before


# ---------------------------------------------------------------- the score matrix


def test_score_form_keeps_every_typed_value_when_one_is_bad(as_owner, owner, analysis):
    """The reported bug: one bad value (11 or «abc») among 21 emptied all of them."""
    alternatives = [services.add_alternative(user=owner, analysis=analysis, name=f"Alt {i}",
                                             organisational_form="kf") for i in range(3)]
    criteria = services.add_suggested_criteria(user=owner, analysis=analysis)
    assert len(alternatives) * len(criteria) == 21
    entries = AuditEntry.objects.count()
    data = {}
    for i, a in enumerate(alternatives):
        for j, c in enumerate(criteria):
            data[f"score_{a.pk}_{c.pk}"] = str((i + j) % 10) + ",5"
            data[f"reason_{a.pk}_{c.pk}"] = f"Begrunnelse {i}-{j}"
    bad_eleven = f"score_{alternatives[0].pk}_{criteria[2].pk}"
    bad_text = f"score_{alternatives[2].pk}_{criteria[6].pk}"
    data[bad_eleven] = "11"
    data[bad_text] = "abc"
    no_reason = f"reason_{alternatives[1].pk}_{criteria[4].pk}"
    data[no_reason] = ""
    response = as_owner.post(reverse("options:scores", args=[analysis.programme_id,
                                                             analysis.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    for name, typed in data.items():
        assert _value(html, name) == typed, name
    _one_summary(html)
    _assert_error_at(html, bad_eleven, "fra 0 til 10")
    _assert_error_at(html, bad_text, "Oppgi et tall")
    _assert_error_at(html, no_reason, "Skriv en begrunnelse")
    assert html.count('aria-invalid="true"') == 3
    assert not Score.objects.exists()
    _nothing_stored(entries)


def test_score_form_saves_all_good_cells_at_once(as_owner, scored):
    analysis = scored["analysis"]
    key = f"{scored['kf'].pk}_{scored['cost'].pk}"
    other = f"{scored['as'].pk}_{scored['cost'].pk}"
    page = as_owner.get(reverse("options:analysis", args=[analysis.programme_id, analysis.pk]))
    html = page.content.decode()
    data = {n: _value(html, n) for n in re.findall(r'name="((?:score|reason|version)_\d+_\d+)"',
                                                    html)}
    data.update({f"score_{key}": "3,5", f"reason_{key}": "Dyrere enn antatt",
                 f"score_{other}": "8", f"reason_{other}": "Billigere"})
    response = as_owner.post(reverse("options:scores", args=[analysis.programme_id,
                                                             analysis.pk]), data)
    assert response.status_code == 302
    kf = Score.objects.get(alternative=scored["kf"], criterion=scored["cost"])
    assert (str(kf.score), kf.reason, kf.version) == ("3.50", "Dyrere enn antatt", 2)
    entries = AuditEntry.objects.filter(action="options.score.corrected")
    assert entries.count() == 2
    assert {e.data["before"]["score"] for e in entries} == {"7.00"}


def test_score_form_with_a_stale_cell_is_a_conflict_at_the_field(as_owner, owner, scored):
    analysis = scored["analysis"]
    key = f"{scored['kf'].pk}_{scored['cost'].pk}"
    page = as_owner.get(reverse("options:analysis", args=[analysis.programme_id, analysis.pk]))
    html = page.content.decode()
    data = {n: _value(html, n) for n in re.findall(r'name="((?:score|reason|version)_\d+_\d+)"',
                                                    html)}
    services.set_score(user=owner, analysis=analysis, alternative=scored["kf"],
                       criterion=scored["cost"], score=2, reason="Endret av en annen")
    data.update({f"score_{key}": "4", f"reason_{key}": "Min vurdering"})
    response = as_owner.post(reverse("options:scores", args=[analysis.programme_id,
                                                             analysis.pk]), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Noen andre har endret poengene" in html
    assert _value(html, f"score_{key}") == "4"
    assert _value(html, f"reason_{key}") == "Min vurdering"
    _assert_error_at(html, f"score_{key}", "Endret av noen andre")
    assert Score.objects.get(alternative=scored["kf"], criterion=scored["cost"]).score == 2


# ---------------------------------------------------------------- the weights


def test_weight_form_keeps_the_typed_weights_after_the_sum_error(as_owner, scored):
    """The reported bug: after «sum is 95 %» the form showed the old saved weights."""
    analysis = scored["analysis"]
    entries = AuditEntry.objects.count()
    typed = {f"weight_{scored['control'].pk}": "45",
             f"weight_{scored['business'].pk}": "30,5",
             f"weight_{scored['cost'].pk}": "19,5"}
    response = as_owner.post(reverse("options:weights", args=[analysis.programme_id,
                                                              analysis.pk]),
                             {"weight_method": "percent", **typed})
    assert response.status_code == 400
    html = response.content.decode()
    for name, value in typed.items():
        assert _value(html, name) == value
    _one_summary(html)
    summary = re.search(r'<div class="ds-error-summary.*?</div>', html, re.S).group(0)
    assert "95 %" in summary and 'href="#weights-error"' in summary
    near = re.search(r'<div[^>]*id="weights-error"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert "95 %" in near
    assert 'aria-describedby="weights-error"' in _input(html, f"weight_{scored['cost'].pk}")
    assert 'data-testid="typed-weight-sum">95 %' in html
    assert [c.weight for c in Criterion.objects.order_by("order")] == [50, 30, 20]
    _nothing_stored(entries)


def test_weight_form_shows_every_bad_weight_at_its_field(as_owner, scored):
    analysis = scored["analysis"]
    typed = {f"weight_{scored['control'].pk}": "abc",
             f"weight_{scored['business'].pk}": "101",
             f"weight_{scored['cost'].pk}": "20"}
    response = as_owner.post(reverse("options:weights", args=[analysis.programme_id,
                                                              analysis.pk]),
                             {"weight_method": "percent", **typed})
    assert response.status_code == 400
    html = response.content.decode()
    for name, value in typed.items():
        assert _value(html, name) == value
    _one_summary(html)
    _assert_error_at(html, f"weight_{scored['control'].pk}", "Oppgi et tall")
    _assert_error_at(html, f"weight_{scored['business'].pk}", "fra 0 til 100")
    assert [c.weight for c in Criterion.objects.order_by("order")] == [50, 30, 20]


def test_rank_form_keeps_typed_ranks(as_owner, owner, scored):
    analysis = scored["analysis"]
    services.set_weights(user=owner, analysis=analysis, method="ranking", values={})
    before = list(Criterion.objects.order_by("order").values_list("rank", "weight"))
    typed = {f"rank_{scored['control'].pk}": "0",
             f"rank_{scored['business'].pk}": "99999999999999",
             f"rank_{scored['cost'].pk}": "2"}
    response = as_owner.post(reverse("options:weights", args=[analysis.programme_id,
                                                              analysis.pk]),
                             {"weight_method": "ranking", **typed})
    assert response.status_code == 400
    html = response.content.decode()
    for name, value in typed.items():
        assert _value(html, name) == value
    _assert_error_at(html, f"rank_{scored['control'].pk}", "1")
    _assert_error_at(html, f"rank_{scored['business'].pk}")
    assert list(Criterion.objects.order_by("order").values_list("rank", "weight")) == before


# ---------------------------------------------------------------- the one-row forms


def test_alternative_form_keeps_typed_values(as_owner, analysis):
    url = reverse("options:alternative-add", args=[analysis.programme_id, analysis.pk])
    response = as_owner.post(url, {"alt-name": "x" * 201, "alt-organisational_form": "kf",
                                   "alt-scope": "municipality",
                                   "alt-financing_note": "Fylket\x07 betaler",
                                   "alt-description": "Kort om alternativet"})
    assert response.status_code == 400
    html = response.content.decode()
    assert _value(html, "alt-name") == "x" * 201
    assert _value(html, "alt-description") == "Kort om alternativet"
    _one_summary(html)
    _assert_error_at(html, "alt-name")
    _assert_error_at(html, "alt-financing_note", "kontrolltegn")
    assert not Alternative.objects.exists()


def test_criterion_form_keeps_typed_values(as_owner, analysis):
    url = reverse("options:criterion-add", args=[analysis.programme_id, analysis.pk])
    response = as_owner.post(url, {"crit-name": "Styring", "crit-description": "Kontroll",
                                   "crit-weight": "1e30"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (_value(html, "crit-name"), _value(html, "crit-weight")) == ("Styring", "1e30")
    _assert_error_at(html, "crit-weight", "fra 0 til 100")
    assert not Criterion.objects.exists()


def test_input_form_shows_every_error_at_once_and_keeps_typed_values(as_owner, owner,
                                                                      analysis):
    from videreforing.programmes import services as programme_services

    stakeholder = programme_services.create_stakeholder(
        user=owner, programme=analysis.programme, name="Næringsforum", kind="organisation")
    url = reverse("options:input-add", args=[analysis.programme_id, analysis.pk])
    response = as_owner.post(url, {"input-stakeholder": str(stakeholder.pk),
                                   "input-kind": "meeting", "input-held_on": "9999-12-31",
                                   "input-summary": "Møte\x07 om eierskap"})
    assert response.status_code == 400
    html = response.content.decode()
    assert _value(html, "input-held_on") == "9999-12-31"
    assert "Møte" in _value(html, "input-summary")
    _one_summary(html)
    _assert_error_at(html, "input-held_on", "dato fra")
    _assert_error_at(html, "input-summary", "kontrolltegn")
    assert not StakeholderInput.objects.exists()


def test_texts_form_keeps_typed_values(as_owner, analysis):
    url = reverse("options:texts", args=[analysis.programme_id, analysis.pk])
    response = as_owner.post(url, {"texts-recommendation": "Velg KF\x01",
                                   "texts-proposed_decision": "Styret vedtar KF",
                                   "texts-version": str(analysis.version)})
    assert response.status_code == 400
    html = response.content.decode()
    assert _value(html, "texts-proposed_decision") == "Styret vedtar KF"
    _assert_error_at(html, "texts-recommendation", "kontrolltegn")
    analysis.refresh_from_db()
    assert analysis.proposed_decision == ""


def test_analysis_form_keeps_typed_values(as_owner, programme):
    url = reverse("options:list", args=[programme.pk])
    response = as_owner.post(url, {"title": "Vurdering\x1b", "weight_method": "percent"})
    assert response.status_code == 400
    html = response.content.decode()
    assert _value(html, "title") == "Vurdering\x1b"
    _assert_error_at(html, "title", "kontrolltegn")
    assert not OptionsAnalysis.objects.exists()


def test_weight_form_after_someone_else_changed_a_criterion_is_a_conflict(as_owner, owner,
                                                                        scored):
    analysis = scored["analysis"]
    url = reverse("options:analysis", args=[analysis.programme_id, analysis.pk])
    html = as_owner.get(url).content.decode()
    data = {n: _value(html, n) for n in re.findall(r'name="((?:weight|cversion)_\d+)"', html)}
    services.update_criterion(user=owner, criterion=scored["cost"], expected_version=1,
                              name="Kostnader")
    data.update({f"weight_{scored['control'].pk}": "40",
                 f"weight_{scored['business'].pk}": "40", "weight_method": "percent"})
    response = as_owner.post(reverse("options:weights", args=[analysis.programme_id,
                                                              analysis.pk]), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Noen andre har endret kriteriene" in html
    assert _value(html, f"weight_{scored['control'].pk}") == "40"
    assert [c.weight for c in Criterion.objects.order_by("order")] == [50, 30, 20]
