"""The printed supervision sheet (督办单, issue 15): a GB/T 9704 document with the
annotation, the leader, the item, the responsible unit, the deadline in working days
and the feedback so far; downloaded as .docx or PDF from the task page by whoever
may see the task."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from pypdf import PdfReader

from govdesk.annotations import services
from govdesk.annotations.document import supervision_docx
from govdesk.lib import clock
from tests.documents import pdftext
from tests.documents.test_official_documents import MAPPED, _fonts, _pdf, check_official, imprint

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fields(doc) -> dict[str, str]:
    return {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}


def test_the_sheet_is_an_official_document_with_the_task(world, task):
    with clock.frozen_at(datetime(2025, 10, 10, 15, tzinfo=SHANGHAI)):
        data = supervision_docx(task, doc_number="县府办督〔2025〕7号")
    doc = check_official(data, masthead="某县人民政府办公室")
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "县府办督〔2025〕7号"
    assert "领导批示督办单" in texts and "城关镇人民政府：" in texts
    assert any(t.startswith("黄志强对《城关镇推进老旧小区改造》作出批示") for t in texts)
    assert _fields(doc) == {
        "信息标题": "城关镇推进老旧小区改造",
        "批示领导": "黄志强（县级）",
        "批示时间": "2025年9月30日",
        "批示内容": "请城关镇总结经验，抓好落实。",
        "承办单位": "城关镇人民政府",
        "办理期限": "2025年10月11日前（3个工作日）",
        "办理状态": "已反馈",
        "落实反馈": "2025年10月10日 张晓梅：已召开专题会议部署。",
    }
    # 落款 the office, 成文日期 the day supervision opened; 版记 印发 today.
    assert "2025年9月30日" in texts[-10:]
    assert imprint(doc) == ["某县人民政府办公室\t2025年10月10日印发"]


def test_a_sheet_without_a_number_or_feedback(world, adopted):
    item = adopted()
    annotation = services.annotation_create(
        actor=world.county_leader, item_id=item.pk, text="请抓好落实。", requires_action=True,
        unit_ids=[world.dept.pk], workdays=5,
    )  # fmt: skip
    doc = Document(io.BytesIO(supervision_docx(annotation.tasks.get())))
    assert doc.paragraphs[1].text == ""
    fields = _fields(doc)
    assert fields["落实反馈"] == "尚未反馈。" and fields["办理状态"] == "办理中"
    assert fields["办理期限"].endswith("（5个工作日）")


@pytest.mark.once
def test_the_sheet_prints_in_the_mapped_faces_with_its_foot(task, tmp_path):
    pdf = _pdf(supervision_docx(task))
    fonts = _fonts(PdfReader(io.BytesIO(pdf)))
    assert all(font.startswith(MAPPED) for font in fonts), fonts
    pages = pdftext.pages(pdf, tmp_path)
    text = "".join(pdftext.page_text(page) for page in pages)
    for words in (
        "领导批示督办单",
        "请城关镇总结经验，抓好落实。",
        "2025年10月11日前（3个工作日）",
    ):
        assert words in text
    for number, page in enumerate(pages, 1):
        assert f"—{number}—" in pdftext.page_text(page)
    assert pdftext.foot_text(pages[-1], height_pt=24).endswith("日印发")


def test_whoever_sees_the_task_downloads_the_sheet(world, login, task):
    url = f"/annotations/supervision/{task.pk}/sheet/"
    for user in (world.a_officer, world.a_reviewer, world.county_editor, world.county_chief):
        response = login(user).get(url, {"number": "县府办督〔2025〕7号", "format": "docx"})
        assert response.status_code == 200 and response["Content-Type"] == DOCX
        assert "attachment" in response["Content-Disposition"]
        assert Document(io.BytesIO(response.content)).paragraphs[1].text == "县府办督〔2025〕7号"
    pdf = login(world.county_editor).get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    for user in (world.b_officer, world.d_officer, world.city_editor, world.outsider):
        assert login(user).get(url).status_code in (403, 404)


def test_the_task_page_offers_the_sheet(world, login, task):
    page = login(world.county_editor).get(f"/annotations/supervision/{task.pk}/").content.decode()
    assert "下载督办单（Word）" in page and "下载督办单（PDF）" in page
    assert "督办文号（选填）" in page
