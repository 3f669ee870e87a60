"""An issue as a printable bulletin: .docx in the official layout (红头 masthead,
issue number, office and date over a red rule, articles with their units, 报送/抄送
lines at the foot), built with the GB/T 9704 toolkit (govdesk.lib.officialdoc, which
also converts it to PDF).

A released issue prints the same bytes every time: the document's dates are the
issue's date, and the zip entries carry a fixed timestamp in a fixed order."""

import io
import zipfile
from datetime import datetime

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Pt

from govdesk.lib import officialdoc
from govdesk.lib.officialdoc import HEITI, XIAOBIAOSONG, body, paragraph, run

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ARTICLE_TITLE_PT = 22  # 二号小标宋: clearly above the 三号 text


def _masthead(doc, issue) -> None:
    officialdoc.masthead(doc, issue.publication.name, size=48)
    label = "增刊" if issue.supplement else ""
    number = f"{label}第{issue.number}期" if issue.number else "（未编号）"
    if issue.total_number:
        number += f"（总第{issue.total_number}期）"
    paragraph(doc, number, align=WD_ALIGN_PARAGRAPH.CENTER)
    line = paragraph(doc)
    width = officialdoc.TEXT_WIDTH_TWIPS / 20
    line.paragraph_format.tab_stops.add_tab_stop(Pt(width), WD_TAB_ALIGNMENT.RIGHT)
    date = officialdoc.chinese_date(issue.date) if issue.date else ""
    run(line, f"{issue.publication.office.name}\t{date}")
    officialdoc.red_rule(line)


def _contents(doc, entries) -> None:
    """本期要目: the article titles of an issue with more than one."""
    paragraph(doc, "本期要目", family=HEITI, align=WD_ALIGN_PARAGRAPH.CENTER)
    body(doc, [f"{index}. {entry.title}" for index, entry in enumerate(entries, 1)])
    officialdoc.rule(paragraph(doc), size=6)


def _entry(doc, entry) -> None:
    text = officialdoc.balanced(entry.title, size=ARTICLE_TITLE_PT)
    title = paragraph(doc, text, family=XIAOBIAOSONG, size=ARTICLE_TITLE_PT)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(14)
    title.paragraph_format.keep_with_next = True
    if entry.editor_note:
        note = paragraph(doc)
        note.paragraph_format.first_line_indent = Pt(officialdoc.BODY_PT * 2)
        run(note, "编者按：", family=HEITI)
        run(note, entry.editor_note)
    body(doc, [text.strip() for text in entry.body.splitlines() if text.strip()])
    units = "、".join(u.display_name for u in entry.credited_units())
    paragraph(doc, f"（{units}）", align=WD_ALIGN_PARAGRAPH.RIGHT)


def _foot(doc, issue) -> None:
    """The 报送/抄送/签发 block: the toolkit's 版记, which never splits across pages."""
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
    officialdoc.imprint(doc, rows)


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
    doc = officialdoc.new_document()
    _masthead(doc, issue)
    entries = list(issue.entries.order_by("position", "id").prefetch_related("items"))
    if len(entries) > 1:
        _contents(doc, entries)
    for entry in entries:
        _entry(doc, entry)
    _foot(doc, issue)
    officialdoc.page_numbers(doc)
    moment = datetime(*(issue.date or issue.created_at.date()).timetuple()[:3])
    props = doc.core_properties
    props.title = str(issue)
    props.author = props.last_modified_by = issue.publication.office.name
    props.created = props.modified = props.last_printed = moment
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return _stable_zip(buffer.getvalue())
