import io
import os
import shutil
import zipfile

import pytest
from docx import Document
from pypdf import PdfReader

from govdesk.audit.services import history_of
from govdesk.bulletins import services as issues
from govdesk.bulletins.document import issue_docx
from govdesk.lib.officialdoc import docx_to_pdf


def test_combined_entry_credits_every_contributing_unit(world, adopted):
    a = adopted(title="城关镇推进秋粮收购")
    b = adopted(unit=world.town_b, by=world.b_officer, title="河口乡秋粮收购过半")
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    entry = issues.entry_add(
        actor=world.county_editor,
        issue_id=issue.pk,
        item_ids=[a.pk, b.pk],
        title="我县秋粮收购进展顺利",
        body="城关镇、河口乡秋粮收购过半。",
        editor_note="请各乡镇参照做好收购工作。",
    )
    assert entry.combined
    assert set(entry.items.all()) == {a, b}
    assert entry.credited_units() == [world.town_a, world.town_b]
    change = history_of(issue).get(action="issue.entry_added")
    assert change.details["unit_ids"] == [world.town_a.pk, world.town_b.pk]


def test_edited_text_leaves_the_items_text_alone(world, adopted):
    item = adopted()
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    entry = issues.entry_add(actor=world.county_editor, issue_id=issue.pk, item_ids=[item.pk])
    issues.entry_update(
        actor=world.county_editor, entry_id=entry.pk, title="城关镇部署防汛", body="精简后的正文。"
    )
    item.refresh_from_db()
    assert item.title == "城关镇召开防汛工作部署会"
    change = history_of(issue).get(action="issue.entry_edited")
    assert change.details["changes"]["body"][1] == "精简后的正文。"


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_released_issue_docx_is_official_and_byte_stable(world, adopted, released):
    issue = released(adopted(title="城关镇部署防汛"), adopted(unit=world.dept, by=world.d_officer))
    first, second = issue_docx(issue), issue_docx(issue)
    assert first == second
    text = _text(first)
    for expected in ("快讯", "第1期（总第1期）", "某县人民政府办公室", "城关镇部署防汛"):
        assert expected in text
    assert "（城关镇）" in text and "（县应急管理局）" in text
    assert "报送：黄志强。" in text and "抄送：城关镇人民政府。" in text
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        masthead = z.read("word/document.xml").decode()
    assert 'w:color w:val="C00000"' in masthead and 'w:eastAsia="仿宋"' in masthead


@pytest.mark.once
def test_released_issue_converts_to_pdf(world, adopted, released, tmp_path):
    if not shutil.which("libreoffice"):
        if os.environ.get("GOVDESK_REQUIRE_BROWSER") == "1":
            pytest.fail("GOVDESK_REQUIRE_BROWSER=1 but libreoffice is not installed")
        pytest.skip("libreoffice not installed")
    issue = released(adopted(title="城关镇部署防汛"))
    pdf = docx_to_pdf(issue_docx(issue))
    (tmp_path / "issue.pdf").write_bytes(pdf)
    # Text extraction puts spaces between Latin and CJK runs; compare without them.
    text = "".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    for expected in ("快讯", "第1期（总第1期）", "城关镇部署防汛", "（城关镇）", "报送：黄志强"):
        assert expected in text
