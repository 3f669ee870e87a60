"""A notice as files: .xlsx (one sheet per table, frozen header, numeric cells) and
.docx in the official document look of GB/T 9704 (red masthead, 文号, 仿宋 body,
黑体 headings, page numbers)."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from govdesk.lib import clock
from govdesk.lib.text import spreadsheet_cell
from govdesk.scoring.engine import shown
from govdesk.scoring.notices import Notice

RED = RGBColor(0xC0, 0x00, 0x00)


# --- .xlsx ---------------------------------------------------------------------------


def _table_rows(notice: Notice) -> tuple[list[str], list[list]]:
    levels = notice.table.levels
    headers = ["分组", "排名", "单位", "报送", "采用"]
    headers += [f"{level.label}采用" for level in levels]
    headers += ["采用率(%)", "批示", "本期得分", "累计得分", "全年目标", "完成率(%)", "名次变化"]
    rows = [
        [
            row.group,
            row.rank,
            row.unit.display_name,
            row.submitted,
            row.adopted,
            *row.level_counts,
            row.adoption_rate,
            row.annotations,
            row.score,
            row.cumulative,
            row.target,
            row.completion,
            row.rank_change,
        ]
        for row in notice.table.rows
    ]
    return headers, rows


NUMERALS = "一二三四五六七八九十"
# The printed table: the columns that fit a portrait A4 page (the .xlsx has them all).
PRINTED = ["排名", "单位", "报送", "采用", "采用率(%)", "批示", "本期得分", "累计得分", "完成率(%)"]


def _printed_groups(notice: Notice) -> dict[str, list[list]]:
    """The ranking as printed: one table per group (townships and departments are ranked
    separately), the ``PRINTED`` columns of the full table."""
    headers, rows = _table_rows(notice)
    group, picked = headers.index("分组"), [headers.index(h) for h in PRINTED]
    groups: dict[str, list[list]] = {}
    for row in rows:
        groups.setdefault(row[group], []).append([row[i] for i in picked])
    return groups


def _sheets(notice: Notice):
    yield ("考核情况", *_table_rows(notice))
    yield (
        "采用信息",
        ["单位", "刊物与标题"],
        [[unit, title] for unit, titles in notice.adopted for title in titles],
    )
    yield "零采用单位", ["单位"], [[unit] for unit in notice.zero_units]
    yield (
        "报送失误",
        ["日期", "单位", "类型", "情况说明"],
        [
            [p.occurred_on, p.unit.name, p.get_kind_display(), p.description]
            for p in notice.failures
        ],
    )
    yield (
        "领导批示",
        ["日期", "单位", "信息标题", "批示领导", "层级", "得分"],
        [
            [
                line.on,
                line.unit.display_name,
                line.item.title,
                line.annotation.leader_name,
                line.annotation.get_leader_level_display(),
                line.points,
            ]
            for line in notice.annotated
        ],
    )


def notice_xlsx(notice: Notice) -> bytes:
    # Write-only mode: a province's notice has tens of thousands of cells.
    workbook = Workbook(write_only=True)
    for title, headers, rows in _sheets(notice):
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers):
            width = max([len(header), *(len(str(row[index] or "")) for row in rows[:500])])
            letter = get_column_letter(index + 1)
            sheet.column_dimensions[letter].width = min(max(width * 1.8, 8), 70)
        sheet.append([_header_cell(sheet, header) for header in headers])
        for row in rows:
            sheet.append(
                [_date_cell(sheet, v) if isinstance(v, date) else spreadsheet_cell(v) for v in row]
            )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header_cell(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=spreadsheet_cell(text))
    cell.font = Font(bold=True)
    return cell


def _date_cell(sheet, value: date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "yyyy-mm-dd"
    return cell


# --- .docx ---------------------------------------------------------------------------


def _font(run, family: str, size: float, *, color=None):
    run.font.name = family
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)
    if color is not None:
        run.font.color.rgb = color
    return run


def _paragraph(doc, text="", *, family="仿宋_GB2312", size=16, color=None, align=None):
    """One formatted paragraph (masthead, 文号, title, heading): 28 pt exact spacing,
    22 lines a page (GB/T 9704 7.2)."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if text:
        _font(paragraph.add_run(text), family, size, color=color)
    return paragraph


def _style(doc, name: str, family: str, size: float, *, body: bool):
    """A paragraph style the bulk-written XML refers to: 仿宋 body text (三号, 28 pt
    exact, first line indented two characters) or table text (五号)."""
    if name in [s.name for s in doc.styles]:
        return doc.styles[name]
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(size)
    style.font.name = family
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)
    fmt = style.paragraph_format
    fmt.space_after = Pt(0)
    if body:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        fmt.first_line_indent = Pt(size * 2)
    return style


def _runs_xml(style_id: str, text: str) -> str:
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def body(doc, texts: list[str]) -> None:
    """Body paragraphs written as XML in one go: python-docx's paragraph API takes
    seconds for the thousands of lines of a province's notice."""
    style = _style(doc, "NoticeBody", "仿宋_GB2312", 16, body=True).style_id
    xml = "".join(_runs_xml(style, text) for text in texts)
    body = doc.element.body
    for paragraph in list(parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")):
        body.sectPr.addprevious(paragraph)


def _red_rule(paragraph) -> None:
    """The red line under the masthead: a bottom border on the 文号 paragraph."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {
        "w:val": "single",
        "w:sz": "18",
        "w:space": "8",
        "w:color": "C00000",
    }.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_numbers(section) -> None:
    """ "— N —" centred in the footer (GB/T 9704 7.5: 4号半角宋体阿拉伯数字)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "宋体", 14)
    run = _font(paragraph.add_run(), "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —"), "宋体", 14)


def heading(doc, text: str) -> None:
    paragraph = _paragraph(doc, text, family="黑体")
    paragraph.paragraph_format.first_line_indent = Pt(32)


def table(doc, headers: list[str], rows: list[list]) -> None:
    """A bordered table, its body rows written as XML in one go (see ``body``)."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        _font(cell.paragraphs[0].add_run(text), "黑体", 10.5)
    style = _style(doc, "NoticeTableText", "仿宋_GB2312", 10.5, body=False).style_id
    xml = "".join(
        "<w:tr>"
        + "".join(f"<w:tc>{_runs_xml(style, _shown(value))}</w:tc>" for value in row)
        + "</w:tr>"
        for row in rows
    )
    for tr in list(parse_xml(f"<w:tbl {nsdecls('w')}>{xml}</w:tbl>")):
        grid._tbl.append(tr)


def _shown(value) -> str:
    if value is None:
        return ""
    return shown(value) if isinstance(value, Decimal) else str(value)


def official_document(*, office: str, doc_number: str, title: str, addressee: str):
    """A new A4 document opened in the GB/T 9704 look: red masthead, 文号 over the red
    rule, the title, the addressee (主送). Fill it with ``heading``/``body``/``table``,
    then close it with ``official_bytes``."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, office, family="方正小标宋简体", size=36, color=RED, align=center)
    _red_rule(_paragraph(doc, doc_number, align=center))
    _paragraph(doc)
    _paragraph(doc, title, family="方正小标宋简体", size=22, align=center)
    _paragraph(doc)
    _paragraph(doc, addressee)
    return doc


def official_bytes(doc, *, office: str) -> bytes:
    """Close an ``official_document``: the issuing office's signature over the date it
    is written (成文日期, today by the clock), page numbers."""
    _paragraph(doc)
    _paragraph(doc, office, align=WD_ALIGN_PARAGRAPH.RIGHT)
    today = timezone.localdate(clock.now())
    _paragraph(doc, f"{today.year}年{today.month}月{today.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _page_numbers(doc.sections[0])
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def notice_docx(notice: Notice, *, doc_number: str) -> bytes:
    office = notice.scheme.office.name
    doc = official_document(
        office=office, doc_number=doc_number, title=notice.title, addressee="各考核单位："
    )
    zero = len(notice.zero_units)
    body(
        doc,
        [
            f"现将{notice.period.label}各单位政务信息报送、采用和得分情况通报如下"
            f"（计分依据：{notice.scheme}）。本期共{len(notice.table.rows)}个考核单位，"
            f"{zero}个单位信息采用为零。"
        ],
    )
    heading(doc, "一、各单位得分情况")
    for number, (group, rows) in enumerate(_printed_groups(notice).items()):
        body(doc, [f"（{NUMERALS[number % 10]}）{group}"])
        table(doc, PRINTED, rows)
    heading(doc, "二、各单位被采用信息")
    body(doc, [f"{unit}：{'；'.join(titles)}。" for unit, titles in notice.adopted] or ["无。"])
    heading(doc, "三、信息采用为零的单位")
    body(doc, ["、".join(notice.zero_units) or "无。"])
    heading(doc, "四、重大情况漏报、迟报、误报")
    failures = [
        f"{p.unit.name}{p.get_kind_display()}（{p.occurred_on:%m月%d日}）：{p.description}"
        for p in notice.failures
    ]
    body(doc, failures or ["无。"])
    heading(doc, "五、领导批示信息")
    annotated = [
        f"{line.unit.display_name}《{line.item.title}》，{line.annotation.leader_name}批示。"
        for line in notice.annotated
    ]
    body(doc, annotated or ["无。"])
    return official_bytes(doc, office=office)
