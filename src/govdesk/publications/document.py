"""An issue as a printable bulletin: .docx in the official layout (红头 masthead,
issue number, office and date over a red rule, articles with their units, 报送/抄送
lines at the foot) and PDF through LibreOffice.

A released issue prints the same bytes every time: the document's dates are the
issue's date, and the zip entries carry a fixed timestamp in a fixed order."""

import io
import os
import subprocess
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

RED = RGBColor(0xC0, 0x00, 0x00)
BODY_FONT, HEADING_FONT, MASTHEAD_FONT = "仿宋", "黑体", "方正小标宋简体"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _run(paragraph, text: str, *, font=BODY_FONT, size=16, bold=False, color=None):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    # East Asian text takes the eastAsia font, not the Latin one python-docx sets.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _rule(paragraph, *, color="C00000", size=12) -> None:
    """A line under the paragraph (the red rule below the masthead, the foot lines)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", color)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _paragraph(doc, *, align=None, indent=False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(28)
    if indent:
        fmt.first_line_indent = Pt(32)
    return p


def _masthead(doc, issue) -> None:
    p = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.line_spacing = None
    _run(p, issue.publication.name, font=MASTHEAD_FONT, size=48, bold=True, color=RED)
    p = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    label = "增刊" if issue.supplement else ""
    number = f"{label}第{issue.number}期" if issue.number else "（未编号）"
    if issue.total_number:
        number += f"（总第{issue.total_number}期）"
    _run(p, number)
    p = _paragraph(doc)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), WD_TAB_ALIGNMENT.RIGHT)
    date = f"{issue.date.year}年{issue.date.month}月{issue.date.day}日" if issue.date else ""
    _run(p, f"{issue.publication.office.name}\t{date}")
    _rule(p, size=18)


def _entry(doc, entry) -> None:
    if entry.editor_note:
        p = _paragraph(doc, indent=True)
        _run(p, "编者按：", font=HEADING_FONT)
        _run(p, entry.editor_note)
    p = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.space_before = Pt(12)
    _run(p, entry.title, font=HEADING_FONT, size=16)
    for text in entry.body.splitlines():
        if text.strip():
            _run(_paragraph(doc, indent=True), text.strip())
    units = "、".join(u.display_name for u in entry.credited_units())
    p = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _run(p, f"（{units}）")


def _foot(doc, issue) -> None:
    """版记: one table row per line, ruled above, between and below (paragraph borders
    would merge into one line in LibreOffice)."""
    lines = {"send": [], "copy": []}
    for r in issue.recipients.select_related("user", "unit"):
        lines[r.kind].append(str(r.user) if r.user_id else r.unit.name)
    rows = [
        f"{label}：{'，'.join(lines[kind])}。"
        for kind, label in (("send", "报送"), ("copy", "抄送"))
        if lines[kind]
    ]
    signer = f"签发：{issue.signer}　" if issue.signer_id else ""
    rows.append(f"{signer}责任编辑：{issue.editor}")
    _paragraph(doc).paragraph_format.space_before = Pt(24)
    table = doc.add_table(rows=len(rows), cols=1)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        visible = edge in ("top", "bottom", "insideH")
        element.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            element.set(qn("w:sz"), "6")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    for row, text in zip(table.rows, rows, strict=True):
        paragraph = row.cells[0].paragraphs[0]
        paragraph.paragraph_format.line_spacing = Pt(24)
        _run(paragraph, text, size=14)


def _stable_zip(data: bytes) -> bytes:
    """Rewrite the package with a fixed timestamp on every entry."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def issue_docx(issue) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _masthead(doc, issue)
    for entry in issue.entries.order_by("position", "id").prefetch_related("items"):
        _entry(doc, entry)
    _foot(doc, issue)
    moment = datetime(*(issue.date or issue.created_at.date()).timetuple()[:3])
    props = doc.core_properties
    props.title = str(issue)
    props.author = props.last_modified_by = issue.publication.office.name
    props.created = props.modified = props.last_printed = moment
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _stable_zip(buffer.getvalue())


def docx_to_pdf(data: bytes, *, timeout: int = 120) -> bytes:
    """Convert with LibreOffice in a private profile (parallel runs must not share one)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "issue.docx"
        source.write_bytes(data)
        profile = Path(tmp, "profile").as_uri()
        subprocess.run(
            [
                "libreoffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
            env={**os.environ, "HOME": tmp},
        )
        return (Path(tmp) / "issue.pdf").read_bytes()
