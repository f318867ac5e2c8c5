
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


# ---------------------------------------------------------------- corrections and removals


@pytest.fixture
def made(api, programme):
    """An analysis with two alternatives, two criteria (60/40), every score and a report."""
    aid = api("POST", f"/programmes/{programme.pk}/options-analysis", {}).json()["id"]
    alts = [api("POST", f"/options-analyses/{aid}/alternatives",
                {"name": name, "organisational_form": form}).json()
            for name, form in (("KF", "kf"), ("AS", "as"))]
    crit = [api("POST", f"/options-analyses/{aid}/criteria", body).json() for body in (
        {"name": "Kontroll", "weight": 60}, {"name": "Finansiering", "weight": 40})]
    scores = {}
    for a, c, value in ((0, 0, 8), (0, 1, 5), (1, 0, 6), (1, 1, 9)):
        scores[(a, c)] = api("POST", f"/options-analyses/{aid}/scores", {
            "alternative": alts[a]["id"], "criterion": crit[c]["id"], "score": value,
            "reason": "Vurdert"}).json()
    report = api("POST", f"/options-analyses/{aid}/report").json()
    return {"analysis": aid, "alternatives": alts, "criteria": crit, "scores": scores,
            "report": report}


def _entry(action):
    from videreforing.audit.models import AuditEntry

    return AuditEntry.objects.filter(action=action).order_by("-pk").first()


def test_patch_alternative_corrects_it_with_history_and_outdates_the_report(api, made):
    from videreforing.documents.models import GeneratedDocument

    alt = made["alternatives"][0]
    stored = GeneratedDocument.objects.get(pk=made["report"]["id"])
    old_pdf = bytes(stored.pdf)
    response = api("PATCH", f"/alternatives/{alt['id']}", {
        "version": alt["version"], "name": "Meløy Utvikling KF", "scope": "region",
        "reason": "Skrivefeil i navnet"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Meløy Utvikling KF" and body["scope"] == "region"
    assert body["version"] == alt["version"] + 1
    entry = _entry("options.alternative.updated")
    assert entry.data["before"] == {"name": "KF", "scope": "municipality"}
    assert entry.data["after"] == {"name": "Meløy Utvikling KF", "scope": "region"}
    assert entry.data["reason"] == "Skrivefeil i navnet"
    analysis = api("GET", f"/options-analyses/{made['analysis']}").json()
    assert analysis["report_outdated"] is True
    stored.refresh_from_db()
    assert bytes(stored.pdf) == old_pdf and stored.version == 1
    again = api("POST", f"/options-analyses/{made['analysis']}/report").json()
    assert again["version"] == 2
    assert api("GET", f"/options-analyses/{made['analysis']}").json()[
        "report_outdated"] is False


def test_patch_alternative_with_a_stale_version_is_409_and_changes_nothing(api, made):
    alt = made["alternatives"][0]
    api("PATCH", f"/alternatives/{alt['id']}", {"version": alt["version"], "name": "KF 2"})
    stale = api("PATCH", f"/alternatives/{alt['id']}", {"version": alt["version"],
                                                        "name": "KF 3"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == alt["version"] + 1
    assert Alternative.objects.get(pk=alt["id"]).name == "KF 2"


@pytest.mark.parametrize("body,field", [
    ({"name": ""}, "name"),
    ({"organisational_form": "ltd"}, "organisational_form"),
    ({"financing": ["gold"]}, "financing"),
    ({"description": "a\x00b"}, "description"),
    ({"scope_municipalities": ["99999999999999999999", "\x00"]}, "scope_municipalities"),
    ({"name": "x" * 201}, "name"),
    ({}, "version"),
])
def test_patch_alternative_bad_input_is_422_and_nothing_changes(api, made, body, field):
    from videreforing.audit.models import AuditEntry

    alt = made["alternatives"][0]
    entries = AuditEntry.objects.count()
    payload = {"version": alt["version"], **body} if field != "version" else body
    response = api("PATCH", f"/alternatives/{alt['id']}", payload)
    assert response.status_code == 422, response.content
    assert field in {e["loc"][-1] for e in response.json()["detail"]}
    stored = Alternative.objects.get(pk=alt["id"])
    assert (stored.name, stored.version, stored.description) == ("KF", alt["version"], "")
    assert AuditEntry.objects.count() == entries


def test_delete_alternative_removes_it_and_its_scores_with_history(api, made):
    from videreforing.options.models import Score

    alt = made["alternatives"][1]
    response = client_delete(api, f"/alternatives/{alt['id']}", {"reason": "Ikke realistisk"})
    assert response.status_code == 204
    assert not Alternative.objects.filter(pk=alt["id"]).exists()
    assert not Score.objects.filter(alternative_id=alt["id"]).exists()
    entry = _entry("options.alternative.removed")
    assert entry.data["before"]["name"] == "AS" and entry.data["reason"] == "Ikke realistisk"
    assert entry.data["scores"] == {"Kontroll": "6.00", "Finansiering": "9.00"}
    assert api("GET", f"/options-analyses/{made['analysis']}").json()["report_outdated"]


def client_delete(api, path, body=None):
    return api("DELETE", path, body)


def test_patch_criterion_weight_keeps_the_sum_within_100(api, made):
    crit = made["criteria"][0]
    over = api("PATCH", f"/options-criteria/{crit['id']}", {"version": crit["version"],
                                                            "weight": 70})
    assert over.status_code == 422 and over.json()["detail"][0]["loc"][-1] == "weight"
    assert Criterion.objects.get(pk=crit["id"]).weight == 60
    ok = api("PATCH", f"/options-criteria/{crit['id']}", {
        "version": crit["version"], "weight": "50", "name": "Kommunal kontroll",
        "reason": "Drøftet på møtet"})
    assert ok.status_code == 200, ok.content
    assert ok.json()["weight"] == 50.0 and ok.json()["name"] == "Kommunal kontroll"
    entry = _entry("options.criterion.updated")
    assert entry.data["before"] == {"name": "Kontroll", "weight": "60.00"}
    assert entry.data["after"] == {"name": "Kommunal kontroll", "weight": "50.00"}
    stale = api("PATCH", f"/options-criteria/{crit['id']}", {"version": crit["version"],
                                                             "name": "Igjen"})
    assert stale.status_code == 409 and stale.json()["current_version"] == crit["version"] + 1


@pytest.mark.parametrize("body", [{"weight": 101}, {"weight": "1e30"}, {"weight": "NaN"},
                                  {"weight": -1}, {"rank": 0}, {"rank": 2**40},
                                  {"name": "a\x07b"}])
def test_patch_criterion_refuses_values_out_of_bounds(api, made, body):
    crit = made["criteria"][0]
    response = api("PATCH", f"/options-criteria/{crit['id']}",
                   {"version": crit["version"], **body})
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][-1] == next(iter(body))
    stored = Criterion.objects.get(pk=crit["id"])
    assert (stored.name, stored.weight, stored.version) == ("Kontroll", 60, crit["version"])


def test_delete_criterion_with_history(api, made):
    crit = made["criteria"][1]
    assert api("DELETE", f"/options-criteria/{crit['id']}").status_code == 204
    assert not Criterion.objects.filter(pk=crit["id"]).exists()
    entry = _entry("options.criterion.removed")
    assert entry.data["before"]["weight"] == "40.00" and entry.data["reason"] == ""


def test_patch_and_delete_score(api, made):
    from videreforing.options.models import Score

    score = made["scores"][(0, 0)]
    assert score["version"] == 1
    ok = api("PATCH", f"/options-scores/{score['id']}", {"version": 1, "score": "7.5",
                                                         "reason": "Ny vurdering"})
    assert ok.status_code == 200, ok.content
    assert (ok.json()["score"], ok.json()["reason"], ok.json()["version"]) == (
        7.5, "Ny vurdering", 2)
    entry = _entry("options.score.corrected")
    assert entry.data["before"] == {"score": "8.00", "reason": "Vurdert"}
    assert entry.data["after"] == {"score": "7.50", "reason": "Ny vurdering"}
    stale = api("PATCH", f"/options-scores/{score['id']}", {"version": 1, "score": 3})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    for bad in ({"version": 2, "score": 11}, {"version": 2, "score": "abc"},
                {"version": 2, "reason": ""}, {"version": 2, "score": None}):
        response = api("PATCH", f"/options-scores/{score['id']}", bad)
        assert response.status_code == 422, (bad, response.content)
    stored = Score.objects.get(pk=score["id"])
    assert (str(stored.score), stored.reason, stored.version) == ("7.50", "Ny vurdering", 2)
    assert api("DELETE", f"/options-scores/{score['id']}",
               {"reason": "x" * 2001}).status_code == 422
    assert Score.objects.filter(pk=score["id"]).exists()
    assert api("DELETE", f"/options-scores/{score['id']}").status_code == 204
    assert not Score.objects.filter(pk=score["id"]).exists()
    assert _entry("options.score.removed").data["before"]["score"] == "7.50"
    pending = api("GET", f"/options-analyses/{made['analysis']}/result")
    assert pending.status_code == 422 and pending.json()["detail"][0]["loc"][-1] == "scores"


def test_corrections_are_403_for_readers_and_404_for_outsiders(client, token_for, made,
                                                               reader, outsider):
    import json

    alt = made["alternatives"][0]
    for user, status in ((reader, 403), (outsider, 404)):
        for method, path, body in (
                ("PATCH", f"/alternatives/{alt['id']}", {"version": 1, "name": "X"}),
                ("DELETE", f"/alternatives/{alt['id']}", None),
                ("PATCH", f"/options-criteria/{made['criteria'][0]['id']}",
                 {"version": 1, "name": "X"}),
                ("DELETE", f"/options-scores/{made['scores'][(0, 0)]['id']}", None)):
            kwargs = dict(token_for(user))
            if body is not None:
                kwargs.update(data=json.dumps(body), content_type="application/json")
            assert client.generic(method, "/api/v1" + path, **kwargs).status_code == status
    assert Alternative.objects.get(pk=alt["id"]).name == "KF"


def test_single_objects_can_be_read_with_their_versions(api, made):
    alt, crit = made["alternatives"][0], made["criteria"][0]
    score = made["scores"][(0, 0)]
    assert api("GET", f"/alternatives/{alt['id']}").json() == alt
    assert api("GET", f"/options-criteria/{crit['id']}").json()["version"] == crit["version"]
    assert api("GET", f"/options-scores/{score['id']}").json() == score
    analysis = api("GET", f"/options-analyses/{made['analysis']}").json()
    assert [s["id"] for s in analysis["scores"]] == [
        made["scores"][k]["id"] for k in ((0, 0), (0, 1), (1, 0), (1, 1))]
    assert analysis["report_outdated"] is False
    assert api("GET", "/options-scores/99999999").status_code == 404


def test_delete_with_a_bad_reason_removes_nothing(api, made):
    crit = made["criteria"][0]
    for body in ({"reason": "x" * 2001}, {"reason": "a\x00b"}, [1]):
        response = api("DELETE", f"/options-criteria/{crit['id']}", body)
        assert response.status_code == 422, (body, response.content)
    assert Criterion.objects.filter(pk=crit["id"]).exists()
