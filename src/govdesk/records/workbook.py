"""Reading and writing the records workbook: .xlsx with a sheet per kind, or one CSV
file per kind. Only cell values pass through here; what they mean is ``loader``'s."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from govdesk.lib.text import spreadsheet_cell
from govdesk.records.columns import BY_TITLE, SHEETS, CellError, Sheet, read_cell, write_cell


@dataclass
class Problem:
    """One thing wrong with the file: where (sheet, row, column; any may be empty) and
    what, in Chinese."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"“{self.sheet}”表" if self.sheet else ""
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.message}" if where else self.message


class FileError(Exception):
    """The file as a whole cannot be read."""


Rows = dict[str, list[tuple[int, dict]]]  # sheet key -> (row number, {column key: value})
FIRST_DATA_ROW = 3  # after the header and the notes row


def _clean(value):
    """A cell as text; our own export's ``'`` before a would-be formula comes off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = value.replace("\u3000", " ").replace("\xa0", " ").strip()
        if value.startswith("'") and spreadsheet_cell(value[1:]) == value:
            value = value[1:]
    return value


def _read_sheet(sheet: Sheet, rows, problems: list[Problem], budget: list[int]) -> list:
    """``rows``: lists of (value, is_formula) from row 1; returns the typed data rows."""
    header = [str(_clean(v) or "") for v, _ in next(rows, [])]
    index = {name: i for i, name in enumerate(header) if name}
    missing = [c.label for c in sheet.columns if c.required and c.label not in index]
    if missing:
        problems.append(
            Problem(sheet.title, 1, "", f"表头缺少以下列：{'、'.join(missing)}，请按模板填写。")
        )
        return []
    out = []
    for number, row in enumerate(rows, start=2):
        # (value, is formula) per column, in the sheet's column order
        raw = [
            row[index[c.label]] if index.get(c.label, len(row)) < len(row) else ("", False)
            for c in sheet.columns
        ]
        values = [_clean(value) for value, _ in raw]
        if number == 2 and values == sheet.notes:
            continue  # the notes row
        if all(value == "" for value in values):
            continue
        budget[0] -= 1
        if budget[0] < 0:
            raise FileError(f"一次最多导入 {settings.GOVDESK_IMPORT_MAX_ROWS} 行数据，请分批导入。")
        cells, failed = {}, False
        for col, value, (_, formula) in zip(sheet.columns, values, raw, strict=True):
            problem = None
            cells[col.key] = None
            if formula:
                problem = "是公式，请改为文字或数值（导入时不计算公式）。"
            elif value == "":
                problem = "不能为空。" if col.required else None
            else:
                try:
                    cells[col.key] = read_cell(col, value)
                except CellError as exc:
                    problem = str(exc)
            if problem:
                problems.append(Problem(sheet.title, number, col.label, problem))
                failed = True
        if not failed:
            out.append((number, cells))
    return out


def _xlsx(file, problems, budget) -> Rows:
    from openpyxl import load_workbook  # on first use, not at start-up (docs/testing.md, "Speed")

    try:
        wb = load_workbook(file, read_only=True, data_only=False)
    except Exception as exc:
        # openpyxl fails in many ways on a file that is not a workbook; all mean the same.
        raise FileError("无法读取该文件：请上传 .xlsx 或 .csv 文件。") from exc
    found: Rows = {}
    try:
        for ws in wb.worksheets:
            sheet = BY_TITLE.get(ws.title.strip())
            if sheet is None:
                continue
            rows = ([(cell.value, cell.data_type == "f") for cell in row] for row in ws.iter_rows())
            found[sheet.key] = _read_sheet(sheet, rows, problems, budget)
    finally:
        wb.close()
    if not found:
        raise FileError(f"文件中没有可识别的工作表，工作表应名为：{'、'.join(BY_TITLE)}。")
    return found


def _csv(file, name: str, problems, budget) -> Rows:
    data = file.read()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileError("CSV 文件的编码无法识别，请另存为 UTF-8 编码。")
    lines = list(csv.reader(io.StringIO(text)))
    header = {_clean(v) for v in (lines[0] if lines else [])}
    sheet = BY_TITLE.get(Path(name).stem) or next(
        (s for s in SHEETS if all(c.label in header for c in s.columns if c.required)), None
    )
    if sheet is None:
        raise FileError(
            f"无法判断 CSV 文件“{name}”是哪一类台账：请以工作表名（如 信息.csv）命名文件。"
        )
    rows = ([(v, False) for v in line] for line in lines)
    return {sheet.key: _read_sheet(sheet, rows, problems, budget)}


def read_files(files: list[tuple[str, object]]) -> tuple[Rows, list[Problem]]:
    """Every sheet of the named files (``(name, binary file)``), typed, with each cell's
    problem; a file that cannot be read at all is one problem naming it."""
    problems: list[Problem] = []
    rows: Rows = {}
    budget = [settings.GOVDESK_IMPORT_MAX_ROWS]
    limit = settings.GOVDESK_IMPORT_MAX_MB * 1024 * 1024
    for name, file in files:
        size = getattr(file, "size", None) or file.seek(0, io.SEEK_END)
        file.seek(0)
        try:
            if size > limit:
                raise FileError(f"文件超过 {settings.GOVDESK_IMPORT_MAX_MB} MB，请分批导入。")
            read = (
                _csv(file, name, problems, budget)
                if name.lower().endswith(".csv")
                else (_xlsx(file, problems, budget))
            )
        except FileError as exc:
            problems.append(Problem("", None, "", f"{Path(name).name}：{exc}"))
            continue
        for key, found in read.items():
            rows.setdefault(key, []).extend(found)
    return rows, problems


def workbook(rows_by_sheet: dict[str, list[dict]]) -> bytes:
    """The workbook of every sheet: header, notes, then the rows given (none for the
    template). Values are column-keyed, as ``read_files`` returns them."""
    from openpyxl import Workbook  # on first use, not at start-up (docs/testing.md, "Speed")
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.title)
        ws.append(sheet.labels)
        ws.append(sheet.notes)
        for cell, col in zip(ws[1], sheet.columns, strict=True):
            cell.font = Font(bold=True, color="B3261E" if col.required else None)
        for cell in ws[2]:
            cell.fill = PatternFill("solid", fgColor="FFF6E5")
            cell.font = Font(color="666666")
        for values in rows_by_sheet.get(sheet.key, ()):
            ws.append(
                [spreadsheet_cell(write_cell(col, values.get(col.key))) for col in sheet.columns]
            )
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
