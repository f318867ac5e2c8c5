"""Bounds on every procurement value (issue 8, point 1): refused at the field with a
Norwegian message, nothing stored; values stored before the bounds are brought into
range by a migration, and the pages read them again."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.browser.conftest import register  # noqa: F401 (reloads data after a flush)
from videreforing.audit.models import AuditEntry
from videreforing.procurement import services
from videreforing.procurement.models import AwardCriterion, Bid, Supplier, Tender

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("value", [HUGE, "1e30", "-1", "NaN", "Infinity", "abc", "1e-999999"])
def test_estimated_value_out_of_bounds_is_refused_by_the_service(owner, programme, value):
    if value == "1e-999999":
        tender = services.create_tender(user=owner, programme=programme, title="T",
                                        estimated_value=value)
        assert tender.estimated_value == 0
        return
    with pytest.raises(ValidationError) as exc:
        services.create_tender(user=owner, programme=programme, title="T",
                               estimated_value=value)
    assert list(exc.value.message_dict) == ["estimated_value"]
    assert not Tender.objects.exists()


@pytest.mark.parametrize("field", ["contract_start", "contract_end", "tender_deadline"])
def test_dates_outside_1990_2100_are_refused(owner, programme, field):
    with pytest.raises(ValidationError) as exc:
        services.create_tender(user=owner, programme=programme, title="T",
                               estimated_value=1000, **{field: date(9999, 12, 31)})
    assert "2100" in exc.value.message_dict[field][0]
    assert not Tender.objects.exists()


def test_every_wrong_field_is_named_at_once(owner, programme):
    with pytest.raises(ValidationError) as exc:
        services.create_tender(user=owner, programme=programme, title="A\x00B" * 100,
                               estimated_value="1e30", contract_start=date(1900, 1, 1))
    assert {"title", "estimated_value", "contract_start"} <= set(exc.value.message_dict)


def test_bid_price_score_and_dates_are_bounded(owner, tender, suppliers):
    quality = services.add_criterion(user=owner, tender=tender, name="Kvalitet",
                                     kind="quality", weight=100)
    with pytest.raises(ValidationError) as exc:
        services.register_bid(user=owner, tender=tender, supplier=suppliers["a"],
                              price=HUGE, received_on=date(1, 1, 1),
                              scores={quality.pk: ("1e30", "x")}, documents="a\x07b")
    assert {"price", "received_on", "scores", "documents"} <= set(exc.value.message_dict)
    assert not Bid.objects.exists()


@pytest.mark.parametrize("weight", ["1e30", "-5", "100.001", "nan"])
def test_criterion_weight_is_bounded(owner, tender, weight):
    with pytest.raises(ValidationError) as exc:
        services.add_criterion(user=owner, tender=tender, name="K", kind="quality",
                               weight=weight)
    assert "weight" in exc.value.message_dict
    assert not AwardCriterion.objects.exists()


def test_control_characters_in_a_supplier_are_refused(owner, programme):
    with pytest.raises(ValidationError) as exc:
        services.create_supplier(user=owner, org_number="974760673", name="Alfa\x00 AS",
                                 experience="x" * 10 + "\x1b")
    assert {"name", "experience"} <= set(exc.value.message_dict)
    assert not Supplier.objects.exists()


@pytest.mark.parametrize("value", [HUGE, "1e30"])
def test_the_reported_values_get_a_norwegian_message_at_the_field(client, owner, programme,
                                                                   value):
    client.force_login(owner)
    response = client.post(reverse("procurement:list", args=[programme.pk]), {
        "title": "Prosessleder", "estimated_value": value, "procedure": "open"})
    assert response.status_code == 400
    errors = response.context["form"].errors["estimated_value"]
    assert "Oppgi en verdi fra 0 til 10" in errors[0]
    page = response.content.decode()
    assert f'value="{value}"' in page  # what was typed stays
    assert 'aria-invalid="true"' in page and 'id="estimated_value-error"' in page
    assert not Tender.objects.exists()


@pytest.mark.parametrize("value", [int(HUGE), "1e30", 1e30])
def test_the_reported_values_are_422_in_the_api(api, programme, value):
    response = api("POST", f"/programmes/{programme.pk}/tenders",
                   {"title": "T", "description": "", "estimated_value": value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "estimated_value"
    assert not Tender.objects.exists()


@pytest.fixture
def api(client, owner, token_for):
    import json

    headers = token_for(owner)

    def call(method, path, body=None):
        return client.generic(method, "/api/v1" + path, data=json.dumps(body),
                              content_type="application/json", **headers)

    return call


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("register")
def test_values_stored_before_the_bounds_are_brought_into_range(client, owner, programme):
    """The migration fixes a tender saved with 99 999 999 999 999 999 999 999 kr and a
    deadline in 9999; the tender page, the list and the calendar answer again."""
    executor = MigrationExecutor(connection)
    before = [("procurement", "0003_supplier_owner_and_versions")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldTender = old_apps.get_model("procurement", "Tender")
    OldSupplier = old_apps.get_model("procurement", "Supplier")
    tender = OldTender.objects.create(programme_id=programme.pk, title="Gammel",
                                      estimated_value=Decimal(1000), regime="part_1")
    # SQLite stored any number; PostgreSQL's numeric(14) only up to 14 digits.
    stored_value = Decimal(HUGE) if connection.vendor == "sqlite" else Decimal("9" * 14)
    OldTender.objects.filter(pk=tender.pk).update(estimated_value=stored_value,
                                                  tender_deadline=date(9999, 12, 31),
                                                  contract_start=date(1, 1, 1))
    supplier = OldSupplier.objects.create(org_number="974760673", name="Alfa AS")
    AuditEntry.objects.create(action="procurement.supplier.created", actor=owner,
                              object_type="procurement.supplier", object_id=str(supplier.pk))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = Tender.objects.get(pk=tender.pk)
    assert stored.estimated_value == Decimal(10_000_000_000)
    assert stored.tender_deadline == date(2100, 12, 31)
    assert stored.contract_start == date(1990, 1, 1)
    corrected = AuditEntry.objects.filter(action="procurement.value.corrected",
                                          object_id=str(tender.pk))
    assert {e.data["field"] for e in corrected} == {"estimated_value", "tender_deadline",
                                                    "contract_start"}
    assert Supplier.objects.get().created_by == owner
    client.force_login(owner)
    for url in (reverse("procurement:tender", args=[programme.pk, tender.pk]),
                reverse("procurement:list", args=[programme.pk]),
                reverse("planning:programme-ics", args=[programme.pk]),
                reverse("procurement:record-pdf", args=[programme.pk, tender.pk])):
        assert client.get(url).status_code == 200, url
    owner.is_staff = owner.is_superuser = True
    owner.save()
    admin_page = client.get(reverse("admin:procurement_tender_change", args=[tender.pk]))
    assert admin_page.status_code == 200
    assert "10\xa0000\xa0000\xa0000" in client.get(
        reverse("procurement:tender", args=[programme.pk, tender.pk])).content.decode()


def test_a_30_digit_value_written_past_the_constraints_is_still_read_and_shown(
        client, owner, programme, tender, suppliers):
    """Belt and braces: even a row that bypassed the constraint (SQLite) is read back."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's numeric column refuses the value itself")
    services.add_criterion(user=owner, tender=tender, name="Pris", kind="price", weight=100)
    bid = services.register_bid(user=owner, tender=tender, supplier=suppliers["a"],
                                price=1000)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        cursor.execute("UPDATE procurement_tender SET estimated_value = %s WHERE id = %s",
                       ["9" * 30, tender.pk])
        cursor.execute("UPDATE procurement_bid SET price = %s WHERE id = %s",
                       ["9" * 30, bid.pk])
        cursor.execute("PRAGMA ignore_check_constraints = OFF")
    assert Tender.objects.get(pk=tender.pk).estimated_value == Decimal(10) ** 30
    client.force_login(owner)
    for url in (reverse("procurement:tender", args=[programme.pk, tender.pk]),
                reverse("procurement:list", args=[programme.pk]),
                reverse("procurement:bid-edit", args=[programme.pk, tender.pk, bid.pk]),
                reverse("procurement:record-pdf", args=[programme.pk, tender.pk]),
                reverse("planning:programme-ics", args=[programme.pk])):
        assert client.get(url).status_code == 200, url
    # Saving the tender again asks for a value within the bound, at the field.
    with pytest.raises(ValidationError) as exc:
        services.update_tender(user=owner, tender=tender,
                               estimated_value=Tender.objects.get().estimated_value)
    assert "estimated_value" in exc.value.message_dict
