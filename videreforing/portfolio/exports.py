"""The portfolio as CSV and XLSX: exactly the rows shown, with the same filters and
sort, and Norwegian headers. XLSX holds real dates and numbers; CSV (semicolon, for
Norwegian spreadsheets) holds ISO dates and plain numbers."""

import csv
import io
from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import Row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [
        _("Program"), _("Kommuner"), _("Fylke"), _("Periodens slutt"),
        _("Seneste oppstart"), _("Status"), _("Startet"), _("Startet i tide"),
        _("Fase nå"), _("Prognose operativ"), _("Sannsynlighet i tide"), _("Slakk (dager)"),
        _("Oppgaver på overtid"), _("Beslutningspunkt venter på vedtak"),
        _("Dager siden endring"), _("Risiko"), _("Årsak"),
    ]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Ja") if value else _("Nei")


def values(row: Row) -> list:
    """One row's cells as Python values (dates, numbers, text; None for empty)."""
    return [
        row.name, ", ".join(row.municipalities), ", ".join(row.county_names),
        row.period_end, row.latest_start, row.status_label, row.started_on,
        _yes_no(row.started_in_time), row.current_phase_label or None,
        row.forecast_operative, row.probability_on_time, row.slack_days,
        row.overdue_tasks, _yes_no(row.gate_pending), row.days_since_change,
        row.rag_label, row.rag_reason,
    ]


def _filename(ext: str) -> str:
    return f"portefolje-{timezone.localdate().isoformat()}.{ext}"


def csv_response(rows: list[Row]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers())
    for row in rows:
        cells = values(row)
        cells[10] = None if row.probability_on_time is None else round(
            row.probability_on_time * 100)  # percent, a whole number
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v
                         for v in cells])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(rows: list[Row]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Portefølje")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(values(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
        sheet.cell(row=sheet.max_row, column=11).number_format = "0 %"
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
