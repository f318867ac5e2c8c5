import pytest
from django.urls import reverse

from videreforing.options.models import Alternative, Criterion, Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def test_analysis_page_shows_ranking_chart_and_stability(as_owner, scored):
    analysis = scored["analysis"]
    page = as_owner.get(reverse("options:analysis", args=[analysis.programme_id, analysis.pk]))
    text = page.content.decode()
    assert 'class="bar-chart"' in text and "7,10" in text
    assert "Hva ville endret resultatet?" in text
    assert 'data-testid="close-call"' in text


def test_suggested_criteria_are_added_once(as_owner, analysis):
    url = reverse("options:criteria-suggested", args=[analysis.programme_id, analysis.pk])
    as_owner.post(url)
    as_owner.post(url)
    names = list(Criterion.objects.filter(analysis=analysis).values_list("name", flat=True))
    assert len(names) == 7 and "Operativ før fristen" in names


def test_weights_form_refuses_a_sum_other_than_100(as_owner, scored):
    analysis = scored["analysis"]
    url = reverse("options:weights", args=[analysis.programme_id, analysis.pk])
    response = as_owner.post(url, {"weight_method": "percent",
                                   f"weight_{scored['control'].pk}": "40",
                                   f"weight_{scored['business'].pk}": "30",
                                   f"weight_{scored['cost'].pk}": "20"})
    assert response.status_code == 400
    assert "90 %" in response.content.decode()
    scored["control"].refresh_from_db()
    assert scored["control"].weight == 50
    ok = as_owner.post(url, {"weight_method": "percent",
                             f"weight_{scored['control'].pk}": "40,5",
                             f"weight_{scored['business'].pk}": "39,5",
                             f"weight_{scored['cost'].pk}": "20"})
    assert ok.status_code == 302
    scored["control"].refresh_from_db()
    assert str(scored["control"].weight) == "40.50"


def test_score_matrix_needs_reasons(as_owner, scored):
    analysis = scored["analysis"]
    url = reverse("options:scores", args=[analysis.programme_id, analysis.pk])
    key = f"{scored['kf'].pk}_{scored['cost'].pk}"
    response = as_owner.post(url, {f"score_{key}": "3", f"reason_{key}": ""})
    assert response.status_code == 400
    assert "Skriv en begrunnelse" in response.content.decode()
    assert Score.objects.get(alternative=scored["kf"], criterion=scored["cost"]).score == 7


def test_alternative_page_keeps_the_notes(as_owner, analysis):
    url = reverse("options:alternative-add", args=[analysis.programme_id, analysis.pk])
    response = as_owner.post(url, {"alt-name": "AS", "alt-organisational_form": "as",
                                   "alt-scope": "municipalities",
                                   "alt-financing": ["county", "business_partners"],
                                   "alt-financing_note": "Fylket bidrar de tre første årene",
                                   "alt-scope_note": "Meløy og Rødøy"})
    assert response.status_code == 302
    alternative = Alternative.objects.get()
    assert alternative.financing == ["county", "business_partners"]
    assert alternative.financing_note == "Fylket bidrar de tre første årene"
    assert alternative.scope_note == "Meløy og Rødøy"


def test_alternative_with_missing_name_is_reported_at_the_field(as_owner, analysis):
    url = reverse("options:alternative-add", args=[analysis.programme_id, analysis.pk])
    response = as_owner.post(url, {"alt-name": "", "alt-organisational_form": "kf",
                                   "alt-scope": "municipality"})
    assert response.status_code == 400
    assert "name" in response.context["alternative_form"].errors
    assert not Alternative.objects.exists()


def test_catalogue_page_lists_forms_with_sources(client, outsider):
    client.force_login(outsider)
    text = client.get(reverse("options:catalogue")).content.decode()
    assert "Aksjekapital minst 30 000 kr." in text
    assert "stiftelsesloven §§ 14, 22" in text
    assert "Ikke kontrollert mot kilden ennå" in text
