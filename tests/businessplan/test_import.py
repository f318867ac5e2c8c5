"""Importing the activities register from XLSX or CSV: the template's columns, errors by
row and column, nothing imported when any row is wrong."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry
from videreforing.businessplan import importing, services
from videreforing.businessplan.models import Activity

pytestmark = pytest.mark.django_db

HEADER = ["Navn", "Innsatsområde", "Eier", "Status", "Årlig kostnad", "Resultater",
          "Beslutning", "Overlates til", "Fra dato", "Begrunnelse"]
GOOD = [
    ["Næringshage", "Innovasjon", "Kommunen", "Pågår", "450 000", "12 bedrifter",
     "Videreføres av den nye enheten", "", "", ""],
    ["Reiselivsnettverk", "Reiseliv", "", "Fullført", "", "",
     "Overlates til andre", "Destinasjonsselskapet", "01.01.2027", ""],
    ["Kurs i eksport", "", "", "", "", "", "Avsluttes", "", "", "Målet er nådd"],
]


def _csv(rows, delimiter=";") -> SimpleUploadedFile:
    text = "\r\n".join(delimiter.join(row) for row in rows)
    return SimpleUploadedFile("aktiviteter.csv", text.encode("utf-8-sig"))


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("aktiviteter.xlsx", out.getvalue())


def _assert_good_import(plan, created):
    assert [a.name for a in created] == ["Næringshage", "Reiselivsnettverk", "Kurs i eksport"]
    first, second, third = Activity.objects.filter(plan=plan).order_by("pk")
    assert (first.status, first.yearly_cost, first.decision, first.owner) == (
        "ongoing", Decimal(450000), "carry_on", "Kommunen")
    assert (second.status, second.decision, second.handed_to, second.handed_from) == (
        "completed", "hand_over", "Destinasjonsselskapet", date(2027, 1, 1))
    assert (third.status, third.decision, third.reason) == ("planned", "end", "Målet er nådd")
    entry = AuditEntry.objects.get(action="businessplan.activities.imported")
    assert entry.data["count"] == 3
    assert describe(entry).startswith("importerte 3 aktiviteter til forretningsplanen")


@pytest.mark.parametrize("delimiter", [";", ","])
def test_a_good_csv_file_is_imported(plan, owner, delimiter):
    created = services.import_activities(user=owner, plan=plan,
                                         upload=_csv([HEADER, *GOOD], delimiter))
    _assert_good_import(plan, created)


def test_a_good_xlsx_file_is_imported_with_numbers_and_dates_as_cells(plan, owner):
    rows = [HEADER, [*GOOD[0][:4], 450000, *GOOD[0][5:]],
            [*GOOD[1][:8], date(2027, 1, 1), ""], GOOD[2]]
    created = services.import_activities(user=owner, plan=plan, upload=_xlsx(rows))
    _assert_good_import(plan, created)


def test_the_templates_have_the_columns_and_their_example_imports(plan, owner):
    sheet = load_workbook(io.BytesIO(importing.template_xlsx())).active
    assert [c.value for c in sheet[1]] == HEADER
    text = importing.template_csv().decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(HEADER)
    services.import_activities(user=owner, plan=plan, upload=SimpleUploadedFile(
        "mal.xlsx", importing.template_xlsx()))
    services.import_activities(user=owner, plan=plan, upload=SimpleUploadedFile(
        "mal.csv", importing.template_csv()))
    assert list(Activity.objects.values_list("name", "decision")) == [
        ("Næringshage", "carry_on")] * 2


@pytest.mark.parametrize("make", [_csv, _xlsx])
def test_wrong_rows_are_named_by_row_and_column_and_nothing_is_imported(plan, owner, make):
    rows = [HEADER, GOOD[0],
            ["Kurs", "", "", "", "", "", "Selges", "", "", ""],
            ["Nettverk", "", "", "", "mange", "", "Overlates til andre", "", "", ""],
            ["Messe", "", "", "Drømmer", "", "", "Avsluttes", "", "32.13.2027", ""]]
    with pytest.raises(ValidationError) as caught:
        services.import_activities(user=owner, plan=plan, upload=make(rows))
    errors = caught.value.message_dict["file"]
    assert any(e.startswith("Rad 3, kolonne «Beslutning»: ") for e in errors), errors
    assert any(e.startswith("Rad 4, kolonne «Årlig kostnad»: ") for e in errors), errors
    assert any(e.startswith("Rad 4, kolonne «Overlates til»: ") for e in errors), errors
    assert any(e.startswith("Rad 5, kolonne «Fra dato»: ") for e in errors), errors
    assert not Activity.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="businessplan.activit").exists()


def test_an_unknown_column_or_a_missing_decision_column_is_refused(plan, owner):
    with pytest.raises(ValidationError) as caught:
        services.import_activities(user=owner, plan=plan,
                                   upload=_csv([["Navn", "Farge"], ["Kurs", "Blå"]]))
    errors = caught.value.message_dict["file"]
    assert "Rad 1: ukjent kolonne «Farge»." in errors
    assert "Rad 1: kolonnen «Beslutning» mangler." in errors
    assert not Activity.objects.exists()


def test_a_file_that_is_neither_xlsx_nor_csv_is_refused(plan, owner):
    for upload in (SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 64),
                   SimpleUploadedFile("x.xlsx", b"PK\x03\x04broken")):
        with pytest.raises(ValidationError) as caught:
            services.import_activities(user=owner, plan=plan, upload=upload)
        assert "file" in caught.value.message_dict
    assert not Activity.objects.exists()
