"""Spreadsheets that stand alone when printed or forwarded: the title, 文号, period and
what each figure means above the table, a frozen header repeated on every printed
page, A4 landscape fitted to the page width, number formats per column. Written in
openpyxl's write-only mode (a province's notice has ~96,000 cells); no Django here."""

from collections.abc import Iterable, Sequence
from datetime import date

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from govdesk.lib.text import spreadsheet_cell

RATE, SCORE, DAY = "0.0", "0.0#", "yyyy-mm-dd"  # 采用率 50.0; 得分 12.0, 7.25; dates
TITLE_FONT, HEADER_FONT = Font(bold=True, size=14), Font(bold=True)
A4 = "9"  # paperSize code of A4 in SpreadsheetML


def _width(value) -> int:
    text = str(value or "")
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def write_sheet(
    workbook,
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence],
    *,
    preamble: Iterable[str] = (),
    formats: dict[str, str] | None = None,
) -> None:
    """One sheet: ``preamble`` lines (title first, bold), a blank line, the header, the
    rows; ``formats`` maps a header to the number format of its column."""
    sheet = workbook.create_sheet(name[:31])
    lines = list(preamble)
    header_row = len(lines) + 2 if lines else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    setup = sheet.page_setup
    setup.orientation, setup.paperSize = "landscape", A4
    setup.fitToWidth, setup.fitToHeight = 1, 0  # as wide as the page, as long as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for index, header in enumerate(headers):
        width = max([_width(header), *(_width(row[index]) for row in rows[:500])])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 8), 70)
    for number, line in enumerate(lines):
        cell = WriteOnlyCell(sheet, value=spreadsheet_cell(line))
        cell.font = TITLE_FONT if number == 0 else Font()
        cell.alignment = Alignment(wrap_text=False)
        sheet.append([cell])
    if lines:
        sheet.append([])
    head = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=spreadsheet_cell(header))
        cell.font = HEADER_FONT
        head.append(cell)
    sheet.append(head)
    column_formats = [(formats or {}).get(header) for header in headers]
    for row in rows:
        sheet.append([_cell(sheet, v, f) for v, f in zip(row, column_formats, strict=True)])


def _cell(sheet, value, number_format):
    if isinstance(value, date):
        number_format = DAY
    elif number_format is None or value is None:
        return spreadsheet_cell(value)
    cell = WriteOnlyCell(sheet, value=spreadsheet_cell(value))
    cell.number_format = number_format
    return cell
