"""Spreadsheet downloads: every list exports the query it shows, as .xlsx (large ones
through the worker: ``export_views``)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from govdesk.lib.text import spreadsheet_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    filename: str
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


# A sheet source: function(user, params) -> the Sheet of one list as that person sees it
# with those filters (the list page's query string). The worker finds it by its path.
SheetSource = Callable[..., Sheet]


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return spreadsheet_cell(value)


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> tuple[bytes, int]:
    """The workbook and the number of data rows in it."""
    from openpyxl import Workbook  # on first use, not at start-up (docs/testing.md, "Speed")
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([spreadsheet_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    count = 0
    for row in rows:
        sheet.append([_cell(v) for v in row])
        count += 1
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[:200])
        sheet.column_dimensions[column[0].column_letter].width = min(max(width * 1.8, 8), 60)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue(), count


def attachment(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]):
    return attachment(xlsx_bytes(title, headers, rows)[0], filename)
