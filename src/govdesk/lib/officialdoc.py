"""The GB/T 9704-2012 document toolkit every printed GovDesk document is built with
(bulletin issues, monthly and duty notices, the commendation notice): page set-up,
faces and sizes named once, the red masthead and rule, the page-number footer, the
版记, tables sized from their content, and the PDF conversion with the project's font
mapping. No Django here: callers pass plain text.

python-docx's paragraph and cell APIs cost milliseconds each, so body paragraphs and
table rows are written as XML against named styles (a province's notice has thousands
of lines and tens of thousands of cells)."""

import logging
import os
import subprocess
import tempfile
from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from govdesk.lib import segment

log = logging.getLogger(__name__)

# The official faces, named once: the .docx names them (Windows offices have them);
# fonts.conf maps each to a free Debian face for the server's PDF conversion.
FANGSONG = "仿宋"  # body text
XIAOBIAOSONG = "方正小标宋简体"  # masthead, title, bulletin article titles
HEITI = "黑体"  # first-level headings, table headers
SONG = "宋体"  # page numbers
# What fonts.conf maps each face to (the Debian package in brackets): fc-match must
# answer these, else the PDF is set in a fallback face and the conversion says so.
FREE_FACES = {
    FANGSONG: "AR PL UKai CN",  # fonts-arphic-ukai: Debian has no GB2312 FangSong face
    XIAOBIAOSONG: "Noto Serif CJK SC",  # fonts-noto-cjk
    HEITI: "Noto Sans CJK SC",  # fonts-noto-cjk
    SONG: "Noto Serif CJK SC",  # fonts-noto-cjk
}
FONTS_CONF = Path(__file__).with_name("fonts") / "fonts.conf"

# Sizes in points (字号): 初号 42, 小初 36, 一号 26, 二号 22, 三号 16, 四号 14, 五号 10.5.
MASTHEAD_PT, TITLE_PT, BODY_PT, FOOTER_PT, TABLE_PT = 36, 22, 16, 14, 10.5
LINE_PITCH_PT = 28  # 22 lines of 28 characters on the type area (§5.2.2)
RED = "C00000"
# §5.2.1: A4, 天头 37 mm, 订口 28 mm; the type area is 156 × 225 mm.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_TWIPS = round((PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 1440)
TYPE_AREA_TWIPS = (
    TEXT_WIDTH_TWIPS,
    round((PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) / 25.4 * 1440),
)
IMPRINT_GAP_TWIPS = 280  # between the last text and the 版记's first rule
CELL_PAD_TWIPS = 60  # 1 mm each side: the widths below are computed from the text
NUMERALS = "一二三四五六七八九十"


def fonts(run_or_style_font_element, family: str) -> None:
    """Name ``family`` for Latin and East Asian text alike (python-docx sets the Latin
    one only, and Word picks the East Asian one for Chinese)."""
    r_fonts = run_or_style_font_element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        r_fonts.set(qn(key), family)


def run(paragraph, text: str, *, family=FANGSONG, size=BODY_PT, bold=False, color=None):
    result = paragraph.add_run(text)
    result.font.size = Pt(size)
    result.font.bold = bold or None
    if color is not None:
        result.font.color.rgb = RGBColor.from_string(color)
    fonts(result._element, family)
    return result


def paragraph(doc, text="", *, family=FANGSONG, size=BODY_PT, color=None, align=None, bold=False):
    """One formatted paragraph at the fixed line pitch (masthead lines, title, headings)."""
    result = doc.add_paragraph()
    result.alignment = align
    fmt = result.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(LINE_PITCH_PT, size * 1.2))
    fmt.space_after = Pt(0)
    if text:
        run(result, text, family=family, size=size, color=color, bold=bold)
    return result


def _style(
    doc, name: str, family: str, size: float, *, indent: bool, pitch: float | None, centre=False
):
    # By name through the styles part's XML: ``doc.styles`` as a list wraps every style
    # of the template (tens of milliseconds per call, 52 calls in a notice).
    if doc.styles.element.get_by_name(name) is not None:
        return doc.styles[name]
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(size)
    fonts(style.element, family)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if pitch:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(pitch)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if centre:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return style


TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def _p_xml(style_id: str, text: str, extra: str = "") -> str:
    if not text.isalnum():  # letters and digits (most table cells) need no escaping
        text = escape(text).replace("\t", TAB)
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{extra}</w:pPr>'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    )


def _append_xml(doc, xml: str) -> None:
    """Add body-level elements (small ones: see ``_append_table``) before the section
    properties."""
    body_element = doc.element.body
    for element in list(parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")):
        body_element.sectPr.addprevious(element)


def _append_table(doc, inner: str) -> None:
    """Add a table parsed with its own namespace declaration: lxml moves a large
    subtree whose namespace is declared on a parent it leaves behind in quadratic time
    (a minute for a 5,000-row table)."""
    doc.element.body.sectPr.addprevious(parse_xml(f"<w:tbl {nsdecls('w')}>{inner}</w:tbl>"))


def body(doc, texts: list[str]) -> None:
    """Body paragraphs (三号仿宋, 28 pt exact, first line indented two characters),
    written as XML in one go."""
    style = _style(doc, "OfficialBody", FANGSONG, BODY_PT, indent=True, pitch=LINE_PITCH_PT)
    _append_xml(doc, "".join(_p_xml(style.style_id, text) for text in texts))


def heading(doc, text: str):
    """A first-level heading (一、…): 三号黑体, indented like the body."""
    result = paragraph(doc, text, family=HEITI)
    result.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    result.paragraph_format.keep_with_next = True
    return result


def rule(paragraph_, *, color="000000", size=6, edge="bottom", space=1) -> None:
    """A full-width line on one edge of a paragraph (sz in eighths of a point)."""
    p_pr = paragraph_._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    line = OxmlElement(f"w:{edge}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space))):
        line.set(qn(f"w:{key}"), value)
    line.set(qn("w:color"), color)
    borders.append(line)


def red_rule(paragraph_) -> None:
    """The red separator under the masthead (§7.2.4): a 2.25 pt red line under the
    paragraph holding the 文号 (or the bulletin's office and date)."""
    rule(paragraph_, color=RED, size=18, space=8)


def masthead(doc, text: str, *, size=MASTHEAD_PT):
    """The red 发文机关标志 (§7.2.2), centred in 方正小标宋简体."""
    return paragraph(
        doc, text, family=XIAOBIAOSONG, size=size, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER
    )


def _page_field(paragraph_) -> None:
    """ "— N —" (§7.5: 4号半角宋体阿拉伯数字, an em dash on each side)."""
    run(paragraph_, "— ", family=SONG, size=FOOTER_PT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = run(paragraph_, "1", family=SONG, size=FOOTER_PT)._r
    number.addprevious(field)
    field.append(number)
    run(paragraph_, " —", family=SONG, size=FOOTER_PT)


def page_numbers(doc) -> None:
    """Odd pages numbered at the right, even pages at the left, one character in from
    the edge of the type area (§7.5)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        line = footer.paragraphs[0]
        line.alignment = align
        side = "right_indent" if align == WD_ALIGN_PARAGRAPH.RIGHT else "left_indent"
        setattr(line.paragraph_format, side, Pt(FOOTER_PT))
        _page_field(line)


def new_document():
    """An empty A4 document with the §5.2.1 margins and the body style as default."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    fonts(normal.element, FANGSONG)
    return doc


OPENING, CLOSING = "《（“‘〔【", "》），。、；：！？”’〕】"


def balanced(text: str, *, size: float) -> str:
    """A title too long for one line, broken into lines of about equal width at word
    boundaries (§7.3.3: 词意完整，排列对称，长短适宜) instead of leaving a character or
    half a word alone on the last line. LibreOffice and Word space the digits out
    from the Chinese around them, so a line is taken to hold two half-widths less."""
    per_line = TEXT_WIDTH_TWIPS // round(size * 10) - 2
    width = text_width(text)
    if width <= per_line:
        return text
    lines = -(-width // per_line)
    ends, used, opened = [], 0, False  # the width up to each word boundary
    for word in segment.tokenizer().cut(text, HMM=False):
        used += text_width(word)
        if ends and (opened or word[0] in CLOSING):  # no line starts with 、 or ends with 《
            ends[-1] = used
        else:
            ends.append(used)
        opened = word[-1] in OPENING
    if len(ends) < 2:  # one long word: left for the line to wrap
        return text
    cuts = sorted(
        {min(ends[:-1], key=lambda end, k=k: abs(end - k * width / lines)) for k in range(1, lines)}
    )
    pieces, used = [[]], 0
    for ch in text:
        if cuts and used >= cuts[0]:
            cuts.pop(0)
            pieces.append([])
        pieces[-1].append(ch)
        used += text_width(ch)
    return "\n".join("".join(piece) for piece in pieces)


def official_document(*, office: str, doc_number: str, title: str, addressee: str):
    """A 公文 opened in the GB/T 9704 look: red masthead, 文号 over the red rule, the
    title (二号小标宋), the addressee (主送). Fill it with ``heading``/``body``/``table``,
    then close it with ``close_official``."""
    doc = new_document()
    center = WD_ALIGN_PARAGRAPH.CENTER
    masthead(doc, office)
    red_rule(paragraph(doc, doc_number, align=center))
    paragraph(doc)
    paragraph(doc, balanced(title, size=TITLE_PT), family=XIAOBIAOSONG, size=TITLE_PT, align=center)
    paragraph(doc)
    paragraph(doc, addressee)
    return doc


def close_official(doc, *, office: str, written: str, printed: str, copy_to: str = "") -> bytes:
    """The 落款 and 成文日期 (``written``), then the 版记 (§7.4: 抄送机关 where there are
    any, 印发机关和印发日期 ``printed``), page numbers; the document's bytes."""
    right = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph(doc)
    paragraph(doc, office, align=right).paragraph_format.right_indent = Pt(BODY_PT * 4)
    date_line = paragraph(doc, written, align=right)
    date_line.paragraph_format.right_indent = Pt(BODY_PT * 4)
    lines = [f"抄送：{copy_to}。"] if copy_to else []
    lines.append(f"{office}\t{printed}印发")
    imprint(doc, lines)
    page_numbers(doc)
    return save(doc)


def imprint(doc, lines: list[str], *, size=FOOTER_PT) -> None:
    """The 版记 (or a bulletin's 报送/抄送/签发 block) at the foot of the last page
    (§7.4): one line (or more, for a long list) per entry between full-width rules,
    四号仿宋, one character in from each side; a tab right-aligns what follows it
    (印发日期).

    Each entry is a paragraph frame (``w:framePr``) at a fixed height above the foot of
    the type area, which Word and LibreOffice both place (LibreOffice ignores a
    floating table's bottom anchor and sets it in the flow). Frames take no room in
    the flow, so an empty paragraph as tall as the block comes first and keeps with the
    frames' anchor: when the text ends too low for the block, the spacer, the anchor
    and so the block move to a new page instead of printing over the text."""
    pitch = size * 1.6
    style = _style(doc, "OfficialImprint", FANGSONG, size, indent=False, pitch=pitch)
    inset = round(size * 20)  # one character (§7.4.2: 左右各空一字)
    per_line = (TEXT_WIDTH_TWIPS - 2 * inset) // round(size * 10)  # half-width characters
    heights = [max(1, -(-text_width(text) // per_line)) * round(pitch * 20) for text in lines]
    rules = {"thick": 'w:val="single" w:sz="8" w:space="0" w:color="000000"',
             "thin": 'w:val="single" w:sz="4" w:space="0" w:color="000000"'}  # fmt: skip
    tab = f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH_TWIPS - inset}"/></w:tabs>'
    indent = f'<w:ind w:left="{inset}" w:right="{inset}"/>'
    frames, top = [], TYPE_AREA_TWIPS[1] - sum(heights)
    for index, (text, height) in enumerate(zip(lines, heights, strict=True)):
        edges = f"<w:top {rules['thick' if index == 0 else 'thin']}/>"
        if index == len(lines) - 1:
            edges += f"<w:bottom {rules['thick']}/>"
        frame = (
            f'<w:framePr w:w="{TEXT_WIDTH_TWIPS}" w:h="{height}" w:hRule="exact" w:wrap="none"'
            f' w:vAnchor="margin" w:hAnchor="margin" w:x="0" w:y="{top}"/>'
        )
        frames.append(_p_xml(style.style_id, text, f"{frame}<w:pBdr>{edges}</w:pBdr>{tab}{indent}"))
        top += height
    spacing = '<w:spacing w:line="{}" w:lineRule="exact"/>'
    spacer = spacing.format(sum(heights) + IMPRINT_GAP_TWIPS)
    _append_xml(
        doc,
        _p_xml(style.style_id, "", f"<w:keepNext/>{spacer}")
        + "".join(frames)
        + _p_xml(style.style_id, "", spacing.format(20)),  # the frames' anchor, 1 pt
    )


def text_width(text: str) -> int:
    """Width in half-width characters: CJK and full-width count two."""
    if text.isascii():  # most table cells are figures
        return len(text)
    return sum(1 if ord(ch) < 0x2E80 else 2 for ch in text)


def column_widths(headers: list[str], rows: list[list[str]], *, size=TABLE_PT) -> list[int]:
    """Column widths (twips) from the content: every header on one line, the rest of
    the type area shared by how much more each column's widest cell needs."""
    half = size * 10  # a half-width character in twips (20 per point, half an em)
    sample = rows[:500]
    least = [text_width(h) * half + 2 * CELL_PAD_TWIPS for h in headers]
    wanted = [
        max([least[i], *(text_width(row[i]) * half + 2 * CELL_PAD_TWIPS for row in sample)])
        for i in range(len(headers))
    ]
    if sum(wanted) <= TEXT_WIDTH_TWIPS:
        spare = (TEXT_WIDTH_TWIPS - sum(wanted)) / len(wanted)
        return [round(w + spare) for w in wanted]
    room, extra = TEXT_WIDTH_TWIPS - sum(least), sum(wanted) - sum(least)
    pairs = zip(least, wanted, strict=True)
    return [round(lo + max(room, 0) * (w - lo) / extra) for lo, w in pairs]


def table(doc, headers: list[str], rows: list[list[str]]) -> None:
    """A ruled table in the body faces (五号: 黑体 header repeated on every page,
    仿宋 cells), widths from the content, rows that do not break across pages."""
    # Centred by the styles, not by each cell's paragraph: a province's notice has
    # tens of thousands of cells, and every byte is built, parsed and zipped.
    cell_style = _style(
        doc, "OfficialTableText", FANGSONG, TABLE_PT, indent=False, pitch=None, centre=True
    )
    head_style = _style(
        doc, "OfficialTableHead", HEITI, TABLE_PT, indent=False, pitch=None, centre=True
    )
    widths = column_widths(headers, rows)
    cell_pr = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]

    def row_xml(values, style_id, row_pr):
        cells = "".join(
            f"<w:tc>{pr}{_p_xml(style_id, value)}</w:tc>"
            for pr, value in zip(cell_pr, values, strict=True)
        )
        return f"<w:tr><w:trPr>{row_pr}</w:trPr>{cells}</w:tr>"

    head = row_xml(headers, head_style.style_id, "<w:cantSplit/><w:tblHeader/>")
    body_rows = "".join(row_xml(r, cell_style.style_id, "<w:cantSplit/>") for r in rows)
    _ruled_table(doc, widths, head + body_rows)


def _ruled_table(doc, widths: list[int], rows_xml: str) -> None:
    """A centred table, every edge ruled, fixed column widths (twips)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    line = 'w:val="single" w:sz="4" w:color="000000"'
    borders = "".join(
        f"<w:{edge} {line}/>" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    pad = f'w:w="{CELL_PAD_TWIPS}" w:type="dxa"'
    margins = f"<w:left {pad}/><w:right {pad}/>"
    _append_table(
        doc,
        f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        f"{rows_xml}",
    )


def field_table(doc, fields: list[tuple[str, str]], *, size=FOOTER_PT) -> None:
    """A form's ruled two-column table (督办单): the labels in 黑体, centred, as wide as
    the longest; the values in 仿宋, left-aligned, one paragraph per line of the value.
    Rows may break across pages: a value (an annotation, the feedback) can be long."""
    label_style = _style(doc, "OfficialFieldLabel", HEITI, size, indent=False, pitch=size * 1.5)
    value_style = _style(doc, "OfficialFieldText", FANGSONG, size, indent=False, pitch=size * 1.5)
    label = max(text_width(name) for name, _ in fields) * round(size * 10) + 4 * CELL_PAD_TWIPS
    widths = [label, TEXT_WIDTH_TWIPS - label]
    middle, centre = '<w:vAlign w:val="center"/>', '<w:jc w:val="center"/>'
    rows = []
    for name, value in fields:
        lines = "".join(_p_xml(value_style.style_id, line) for line in value.split("\n"))
        rows.append(
            f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{widths[0]}" w:type="dxa"/>{middle}</w:tcPr>'
            f"{_p_xml(label_style.style_id, name, centre)}</w:tc>"
            f'<w:tc><w:tcPr><w:tcW w:w="{widths[1]}" w:type="dxa"/>{middle}</w:tcPr>'
            f"{lines}</w:tc></w:tr>"
        )
    _ruled_table(doc, widths, "".join(rows))


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def save(doc) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


# --- PDF -------------------------------------------------------------------------------


def _font_env(home: str) -> dict:
    return {**os.environ, "HOME": home, "FONTCONFIG_FILE": str(FONTS_CONF)}


@cache
def font_fallbacks() -> dict[str, str]:
    """The official faces fontconfig does not resolve to their mapped free face (a
    package missing on this machine): {face: what it resolves to instead}."""
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    missing = {}
    for face, free in FREE_FACES.items():
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{family[0]}", face],
                capture_output=True, text=True, timeout=20, env=env, check=True,
            ).stdout  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            found = "?"
        if found != free:
            missing[face] = found
    return missing


def docx_to_pdf(data: bytes, *, timeout: int = 120) -> bytes:
    """Convert with LibreOffice in a private profile (parallel runs must not share one),
    through the project's fonts.conf; a face set in a fallback is logged."""
    return docx_to_pdfs([data], timeout=timeout)[0]


def docx_to_pdfs(documents: list[bytes], *, timeout: int = 120) -> list[bytes]:
    """``docx_to_pdf`` for several documents in one LibreOffice start-up: its start-up
    and new profile cost more CPU than converting a short document does."""
    for face, found in font_fallbacks().items():
        log.warning("PDF 字体回退：%s 未映射到 %s，实际使用 %s", face, FREE_FACES[face], found)
    with tempfile.TemporaryDirectory() as tmp:
        sources = [Path(tmp) / f"document-{n}.docx" for n in range(len(documents))]
        for source, data in zip(sources, documents, strict=True):
            source.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, *map(str, sources)],
            check=True, capture_output=True, timeout=timeout, env=_font_env(tmp),
        )  # fmt: skip
        return [source.with_suffix(".pdf").read_bytes() for source in sources]
