"""Reading the activities register from an XLSX or CSV file, and the template to fill in.

The file has one header row with the template's column titles (in any order; unknown
columns are an error, missing optional columns are empty) and one activity per row.
Status and decision are given by their Norwegian labels (or their codes); the yearly
cost as a whole number of kroner ("1 200 000" or "1200000"); the date as 31.12.2027 or
2027-12-31. Errors name the row (as the spreadsheet numbers it) and the column."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Activity

# Column title (the template's, in Norwegian in every language: the file is the same)
# -> field.
COLUMNS = [
    ("Navn", "name"),
    ("Innsatsområde", "focus_area"),
    ("Eier", "owner"),
    ("Status", "status"),
    ("Årlig kostnad", "yearly_cost"),
    ("Resultater", "results"),
    ("Beslutning", "decision"),
    ("Overlates til", "handed_to"),
    ("Fra dato", "handed_from"),
    ("Begrunnelse", "reason"),
]
TITLES = {field: title for title, field in COLUMNS}
MAX_ROWS = 1000
MAX_BYTES = 5 * 1024 * 1024
EXAMPLE = ["Næringshage", "Innovasjon", "Omstillingsprogrammet", "Pågår", "450 000",
           "12 nye bedrifter", "Videreføres av den nye enheten", "", "", ""]

FILE_ERROR = gettext_lazy("Filen kan ikke leses. Bruk malen (XLSX eller CSV) og prøv igjen.")


def column_title(field: str) -> str:
    return TITLES.get(field, field)


def _choice(value: str, choices) -> str:
    text = value.strip().casefold()
    for code, label in choices:
        if text in (code.casefold(), str(label).casefold()):
            return code
    # Labels as the template writes them, whatever the active language.
    from django.utils import translation

    with translation.override("nb"):
        for code, label in choices:
            if text == str(label).casefold():
                return code
    return value  # an unknown value: check_values names it


def _amount(value) -> Any:
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = re.sub(r"[\s\u00a0]|kr\.?$", "", str(value).strip(), flags=re.IGNORECASE)
    text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return str(value)  # not a number: check_values names it


def _date(value) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("Oppgi datoen som 31.12.2027."), code="invalid")


def _row_values(cells: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, raw in cells.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            values[field] = None if field in ("yearly_cost", "handed_from") else ""
            continue
        if field == "status":
            values[field] = _choice(str(raw), Activity.Status.choices)
        elif field == "decision":
            values[field] = _choice(str(raw), Activity.Decision.choices)
        elif field == "yearly_cost":
            values[field] = _amount(raw)
        elif field == "handed_from":
            try:
                values[field] = _date(raw)
            except ValidationError as exc:
                errors[field] = exc.messages[0]
        else:
            values[field] = str(raw) if not isinstance(raw, float) or not raw.is_integer() \
                else str(int(raw))
    return values, errors


def _table(upload) -> list[list[Any]]:
    """The file's rows as lists of cells (XLSX by its content, CSV otherwise)."""
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": [_("Filen er for stor (mer enn 5 MB).")]})
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            workbook.close()
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValidationError({"file": [str(FILE_ERROR)]}) from exc
        return rows
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": [str(FILE_ERROR)]}) from exc
    if "\x00" in text:
        raise ValidationError({"file": [str(FILE_ERROR)]})
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise ValidationError({"file": [str(FILE_ERROR)]}) from exc


def read_rows(upload) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """(row number, values) for every filled row, and the errors found while reading
    (header, unreadable cells). Raises ValidationError at `file` for an unreadable file."""
    if upload is None:
        raise ValidationError({"file": [_("Velg en fil å importere.")]})
    table = _table(upload)
    while table and all(c is None or str(c).strip() == "" for c in table[0]):
        table.pop(0)
    if not table:
        raise ValidationError({"file": [_("Filen er tom.")]})
    header = [("" if c is None else str(c)).strip() for c in table[0]]
    by_title = {title.casefold(): field for title, field in COLUMNS}
    fields: list[str | None] = []
    errors: list[str] = []
    for title in header:
        if not title:
            fields.append(None)
        elif title.casefold() in by_title:
            fields.append(by_title[title.casefold()])
        else:
            fields.append(None)
            errors.append(_("Rad 1: ukjent kolonne «%(column)s».") % {"column": title})
    for required in ("name", "decision"):
        if required not in fields:
            errors.append(_("Rad 1: kolonnen «%(column)s» mangler.") % {
                "column": column_title(required)})
    if errors:
        raise ValidationError({"file": errors})
    rows: list[tuple[int, dict[str, Any]]] = []
    # Row numbers as the spreadsheet shows them (the header is row 1 when it is first).
    for index, cells in enumerate(table[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            errors.append(_("Filen har mer enn %(max)s aktiviteter.") % {"max": MAX_ROWS})
            break
        named = {f: (cells[i] if i < len(cells) else None)
                 for i, f in enumerate(fields) if f is not None}
        values, cell_errors = _row_values(named)
        for field, message in cell_errors.items():
            errors.append(_("Rad %(row)s, kolonne «%(column)s»: %(message)s") % {
                "row": index, "column": column_title(field), "message": message})
        if not cell_errors:
            rows.append((index, values))
    return rows, errors


# ---------------------------------------------------------------- the template


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Aktiviteter"
    sheet.append([title for title, _field in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(EXAMPLE)
    for letter, width in zip("ABCDEFGHIJ", (30, 20, 22, 12, 14, 30, 32, 22, 12, 30),
                             strict=True):
        sheet.column_dimensions[letter].width = width
    from django.utils import translation

    with translation.override("nb"):
        status = ",".join(str(label) for _c, label in Activity.Status.choices)
        decision = ",".join(str(label) for _c, label in Activity.Decision.choices)
    for formula, column in ((status, "D"), (decision, "G")):
        check = DataValidation(type="list", formula1=f'"{formula}"', allow_blank=True)
        sheet.add_data_validation(check)
        check.add(f"{column}2:{column}{MAX_ROWS + 1}")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for title, _field in COLUMNS])
    writer.writerow(EXAMPLE)
    return out.getvalue().encode("utf-8-sig")
