"""Spreadsheets that stand alone when printed or forwarded: the title, 文号, period and
what each figure means above the table, a frozen header repeated on every printed
page, A4 landscape fitted to the page width, number formats per column. Written with
XlsxWriter in constant-memory mode (a province's notice has ~96,000 cells: openpyxl's
write-only mode still builds a cell object per value, twice the CPU); no Django here."""

from collections.abc import Iterable, Sequence
from datetime import date
from io import BytesIO

from govdesk.lib.text import spreadsheet_cell

RATE, SCORE, DAY = "0.0", "0.0#", "yyyy-mm-dd"  # 采用率 50.0; 得分 12.0, 7.25; dates
A4 = 9  # paperSize code of A4 in SpreadsheetML
# Text is text: nothing written is read as a formula, a link or a number.
OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def _width(value) -> int:
    text = str(value or "")
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


class Sheet:
    """One sheet's content: ``preamble`` lines (title first, bold), a blank line, the
    header, the rows; ``formats`` maps a header to the number format of its column."""

    def __init__(self, name, headers, rows, *, preamble: Iterable[str] = (), formats=None):
        self.name, self.headers, self.rows = name[:31], list(headers), rows
        self.preamble, self.formats = list(preamble), formats or {}


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    import xlsxwriter  # on first use, not at start-up (docs/testing.md, "Speed")

    out = BytesIO()
    book = xlsxwriter.Workbook(out, OPTIONS)
    styles = {"title": book.add_format({"bold": True, "font_size": 14}),
              "head": book.add_format({"bold": True}),
              DAY: book.add_format({"num_format": DAY})}  # fmt: skip
    for sheet in sheets:
        _write(book, sheet, styles)
    book.close()
    return out.getvalue()


def _write(book, sheet: Sheet, styles: dict) -> None:
    out = book.add_worksheet(sheet.name)
    header_row = len(sheet.preamble) + 1 if sheet.preamble else 0  # 0-based
    out.freeze_panes(header_row + 1, 0)
    out.repeat_rows(header_row)
    out.set_landscape()
    out.set_paper(A4)
    out.fit_to_pages(1, 0)  # as wide as the page, as long as it takes
    rows: Sequence[Sequence] = sheet.rows
    for index, header in enumerate(sheet.headers):
        width = max([_width(header), *(_width(row[index]) for row in rows[:500])])
        out.set_column(index, index, min(max(width + 2, 8), 70))
    for number, line in enumerate(sheet.preamble):
        style = styles["title"] if number == 0 else None
        out.write_string(number, 0, spreadsheet_cell(line), style)
    for column, header in enumerate(sheet.headers):
        out.write_string(header_row, column, spreadsheet_cell(header), styles["head"])
    formats = []
    for header in sheet.headers:
        code = sheet.formats.get(header)
        if code is not None and code not in styles:
            styles[code] = book.add_format({"num_format": code})
        formats.append(styles.get(code))
    day = styles[DAY]
    for number, row in enumerate(rows, header_row + 1):
        for column, (value, style) in enumerate(zip(row, formats, strict=True)):
            if value is None:
                continue
            if isinstance(value, str):
                out.write_string(number, column, spreadsheet_cell(value))
            elif isinstance(value, bool):
                out.write_boolean(number, column, value)
            elif isinstance(value, date):
                out.write_datetime(number, column, value, day)
            else:
                out.write_number(number, column, value, style)
