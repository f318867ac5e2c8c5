
import pytest

from videreforing.options.models import Alternative, Criterion

pytestmark = pytest.mark.django_db




def test_analysis_through_the_api(api, programme):
    created = api("POST", f"/programmes/{programme.pk}/options-analysis", {})
    assert created.status_code == 201
    aid = created.json()["id"]
    alts = [api("POST", f"/options-analyses/{aid}/alternatives", body) for body in (
        {"name": "KF", "organisational_form": "kf", "financing": ["municipal_contribution"],
         "scope": "municipality"},
        {"name": "AS", "organisational_form": "as", "financing": "Kommunen og næringslivet",
         "scope": "region"},
    )]
    assert [a.status_code for a in alts] == [201, 201]
    assert alts[0].json()["id"] and alts[1].json()["financing_note"] == (
        "Kommunen og næringslivet")
    crit = [api("POST", f"/options-analyses/{aid}/criteria", body).json() for body in (
        {"name": "Kontroll", "weight": 60}, {"name": "Finansiering", "weight": 40})]
    assert all("id" in c for c in crit)
    pending = api("GET", f"/options-analyses/{aid}/result")
    assert pending.status_code == 422
    assert "«KF» på «Kontroll»" in pending.json()["detail"][0]["msg"]
    points = {(0, 0): 8, (0, 1): 5, (1, 0): 6, (1, 1): 9}
    for (a, c), score in points.items():
        response = api("POST", f"/options-analyses/{aid}/scores", {
            "alternative": alts[a].json()["id"], "criterion": crit[c]["id"], "score": score,
            "reason": "Vurdert"})
        assert response.status_code == 201 and response.json()["id"]
    result = api("GET", f"/options-analyses/{aid}/result").json()
    # KF: 0.6×8 + 0.4×5 = 6.80; AS: 0.6×6 + 0.4×9 = 7.20
    assert result["ranking"] == [
        {"alternative": alts[1].json()["id"], "name": "AS", "total": 7.2, "rank": 1},
        {"alternative": alts[0].json()["id"], "name": "KF", "total": 6.8, "rank": 2}]
    assert not result["close_call"]
    # AS leads while Kontroll ≤ 66.67: 8w + 5(100 − w) ≤ 6w + 9(100 − w) ⇔ 6w ≤ 400
    kontroll = next(s for s in result["stability"] if s["criterion"] == crit[0]["id"])
    assert (kontroll["weight"], kontroll["min_weight"], kontroll["max_weight"]) == (
        60.0, 0.0, 66.67)
    report = api("POST", f"/options-analyses/{aid}/report")
    assert report.status_code == 201 and report.json()["version"] == 1
    gate_start = api("POST", f"/programmes/{programme.pk}/phases/pre_study/start", {})
    assert gate_start.status_code == 200
    from django.utils import timezone
    gate = api("POST", f"/programmes/{programme.pk}/phases/pre_study/gate", {
        "deciding_body": "restructuring_board", "outcome": "approved",
        "decided_on": timezone.localdate().isoformat(), "document": report.json()["id"]})
    assert gate.status_code == 201 and gate.json()["document"] == report.json()["id"]


def test_bad_input_is_422_naming_the_field(api, programme):
    aid = api("POST", f"/programmes/{programme.pk}/options-analysis", {}).json()["id"]
    bad_form = api("POST", f"/options-analyses/{aid}/alternatives",
                   {"name": "X", "organisational_form": "ltd"})
    assert bad_form.status_code == 422
    assert bad_form.json()["detail"][0]["loc"][-1] == "organisational_form"
    api("POST", f"/options-analyses/{aid}/criteria", {"name": "A", "weight": 70})
    over = api("POST", f"/options-analyses/{aid}/criteria", {"name": "B", "weight": 40})
    assert over.status_code == 422 and over.json()["detail"][0]["loc"][-1] == "weight"
    bad_score = api("POST", f"/options-analyses/{aid}/scores",
                    {"alternative": 999, "criterion": 999, "score": 5, "reason": "x"})
    assert bad_score.status_code == 422
    assert {e["loc"][-1] for e in bad_score.json()["detail"]} == {"alternative", "criterion"}
    assert not Alternative.objects.exists() and Criterion.objects.count() == 1


def test_weights_not_summing_to_100_answer_422(api, programme):
    aid = api("POST", f"/programmes/{programme.pk}/options-analysis", {}).json()["id"]
    a = api("POST", f"/options-analyses/{aid}/alternatives",
            {"name": "KF", "organisational_form": "kf"}).json()
    c = api("POST", f"/options-analyses/{aid}/criteria", {"name": "A", "weight": 70}).json()
    api("POST", f"/options-analyses/{aid}/scores", {"alternative": a["id"],
                                                   "criterion": c["id"], "score": 5,
                                                   "reason": "x"})
    response = api("GET", f"/options-analyses/{aid}/result")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "weight"


def test_catalogue_lists_every_form(api):
    keys = {f["key"] for f in api("GET", "/organisational-forms").json()}
    assert keys == {"municipal_unit", "kf", "iks", "inter_municipal", "as", "sa",
                    "foundation", "existing_body"}


def test_analysis_can_be_created_without_a_body(client, owner, token_for, programme):
    response = client.post(f"/api/v1/programmes/{programme.pk}/options-analysis",
                           **token_for(owner))
    assert response.status_code == 201 and response.json()["id"]
    bad = client.post(f"/api/v1/programmes/{programme.pk}/options-analysis",
                      data="[1]", content_type="application/json", **token_for(owner))
    assert bad.status_code == 422
