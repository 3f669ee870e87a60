"""Spreadsheet downloads: every list exports the query it shows, as .xlsx."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from govdesk.lib.text import spreadsheet_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return spreadsheet_cell(value)


def xlsx_response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([spreadsheet_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[:200])
        sheet.column_dimensions[column[0].column_letter].width = min(max(width * 1.8, 8), 60)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    workbook.save(response)
    return response
