"""The business plan's pages: start, the activities register, add, correct, remove,
import and the templates; the link in the programme's navigation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from videreforing.audit.models import AuditEntry
from videreforing.businessplan import services
from videreforing.businessplan.models import Activity, BusinessPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def _url(name, programme, **kwargs):
    return reverse(f"businessplan:{name}", kwargs={"pk": programme.pk, **kwargs})


def test_the_empty_plan_page_offers_to_start_and_starting_creates_the_plan(
        as_owner, programme):
    detail = as_owner.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert f'href="{_url("plan", programme)}"' in detail and "Forretningsplan" in detail
    page = as_owner.get(_url("plan", programme)).content.decode()
    assert "Ingen forretningsplan ennå" in page and "Start forretningsplanen" in page
    response = as_owner.post(_url("start", programme))
    assert response.status_code == 302
    plan = BusinessPlan.objects.get(programme=programme)
    assert AuditEntry.objects.filter(action="businessplan.plan.created",
                                     object_id=str(plan.pk)).exists()
    # A second start says so and changes nothing.
    as_owner.post(_url("start", programme))
    assert BusinessPlan.objects.count() == 1


def test_an_activity_added_on_the_page_is_listed_with_its_decision_in_words(
        as_owner, programme, plan):
    response = as_owner.post(_url("activity-add", programme), {
        "name": "Næringshage", "status": "ongoing", "yearly_cost": "450000",
        "decision": "hand_over", "handed_to": "Regionrådet", "handed_from": "2027-01-01"})
    assert response.status_code == 302
    activity = Activity.objects.get(plan=plan)
    assert activity.handed_to == "Regionrådet"
    page = as_owner.get(_url("plan", programme)).content.decode()
    assert "Overlates til andre: Regionrådet fra 1. januar 2027" in page
    assert "450\xa0000" in page or "450 000" in page
    assert _url("activity-edit", programme, activity_id=activity.pk) in page


def test_a_wrong_activity_shows_the_error_and_stores_nothing(as_owner, programme, plan):
    response = as_owner.post(_url("activity-add", programme),
                             {"name": "Kurs", "status": "planned", "decision": "end"})
    assert response.status_code == 400
    assert "Oppgi hvorfor aktiviteten avsluttes." in response.content.decode()
    assert not Activity.objects.exists()


def test_editing_saves_and_a_stale_form_is_refused_with_409(
        as_owner, programme, plan, owner):
    activity = services.add_activity(user=owner, plan=plan, name="Kurs", decision="carry_on")
    url = _url("activity-edit", programme, activity_id=activity.pk)
    assert 'value="Kurs"' in as_owner.get(url).content.decode()
    form = {"name": "Kurs", "status": "completed", "decision": "end", "reason": "Ferdig",
            "version": "1"}
    assert as_owner.post(url, form).status_code == 302
    activity.refresh_from_db()
    assert (activity.decision, activity.version) == ("end", 2)
    response = as_owner.post(url, {**form, "reason": "Annet"})
    assert response.status_code == 409
    assert "Noen andre har endret aktiviteten" in response.content.decode()
    activity.refresh_from_db()
    assert activity.reason == "Ferdig"


def test_removing_asks_first_then_removes(as_owner, programme, plan, owner):
    activity = services.add_activity(user=owner, plan=plan, name="Kurs", decision="carry_on")
    url = _url("activity-remove", programme, activity_id=activity.pk)
    page = as_owner.get(url).content.decode()
    assert "Vil du fjerne «Kurs» fra forretningsplanen?" in page
    assert Activity.objects.exists()
    assert as_owner.post(url).status_code == 302
    assert not Activity.objects.exists()
    assert AuditEntry.objects.filter(action="businessplan.activity.removed").exists()


def test_import_page_imports_a_good_file_and_names_the_wrong_cell_of_a_bad_one(
        as_owner, programme, plan):
    url = _url("import", programme)
    page = as_owner.get(url).content.decode()
    assert _url("template-xlsx", programme) in page and _url("template-csv", programme) in page
    bad = b"Navn;Beslutning\r\nKurs;Avsluttes\r\n"
    response = as_owner.post(url, {"file": SimpleUploadedFile("a.csv", bad)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Ingenting er importert" in text
    assert "Rad 2, kolonne «Begrunnelse»: Oppgi hvorfor aktiviteten avsluttes." in text
    assert not Activity.objects.exists()
    good = b"Navn;Beslutning;Begrunnelse\r\nKurs;Avsluttes;Ferdig\r\n"
    response = as_owner.post(url, {"file": SimpleUploadedFile("a.csv", good)})
    assert response.status_code == 302
    assert list(Activity.objects.values_list("name", "reason")) == [("Kurs", "Ferdig")]


def test_the_templates_download_as_xlsx_and_csv(as_owner, programme, plan):
    xlsx = as_owner.get(_url("template-xlsx", programme))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"
    csv = as_owner.get(_url("template-csv", programme))
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").startswith("Navn;Innsatsområde;Eier;Status")


def test_a_reader_sees_the_register_without_forms_and_cannot_write(
        client, reader, programme, plan, owner):
    services.add_activity(user=owner, plan=plan, name="Kurs", decision="carry_on")
    client.force_login(reader)
    page = client.get(_url("plan", programme)).content.decode()
    assert "Kurs" in page and "Legg til aktiviteten" not in page
    response = client.post(_url("activity-add", programme),
                           {"name": "X", "status": "planned", "decision": "carry_on"})
    assert response.status_code == 403
    assert Activity.objects.count() == 1
