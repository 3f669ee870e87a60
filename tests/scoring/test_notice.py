"""The monthly notice (通报): the page with its charts' data, the .xlsx (one sheet per
table, frozen header, numeric cells) and the official-format .docx, whose numbers
agree with the ledger pages."""

import shutil
import subprocess
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from govdesk.scoring.selectors import RATE_DEFINITION

pytestmark = pytest.mark.django_db


def test_notice_page_has_tables_and_chart_data(world, scored, login):
    page = login(world.county_editor).get(f"/scoring/{scored.pk}/notice/?month=3")
    text = page.content.decode()
    assert page.status_code == 200
    assert "关于2026年3月政务信息报送采用情况的通报" in text
    assert "vendor/echarts.min.js" in text and 'id="notice-charts"' in text
    assert "《专报信息》城关镇专题" in text
    assert "河口乡" in text.split("三、信息采用为零的单位")[1].split("四、")[0]


def test_a_download_without_a_number_carries_the_offices_next_number(world, scored, login):
    """The default 文号 is circulars' suggestion, which circulars registers with scoring."""
    url = f"/scoring/{scored.pk}/notice/?month=3&format=xlsx"
    book = load_workbook(BytesIO(login(world.county_editor).get(url).content))
    year = timezone.localdate().year
    assert book["考核情况"]["A2"].value == f"文号：某县人民政府办公室信息通〔{year}〕1号"


def test_notice_xlsx_one_sheet_per_table_numeric_cells(world, scored, login):

    url = f"/scoring/{scored.pk}/notice/?month=3&format=xlsx&number=县府办信息通〔2026〕3号"
    book = load_workbook(BytesIO(login(world.county_editor).get(url).content))
    assert book.sheetnames == [
        "考核情况", "采用信息", "零采用单位", "报送失误", "领导批示", "指标说明"
    ]  # fmt: skip
    table = book["考核情况"]
    # The sheet stands alone: title, 文号, period and what each figure means above it.
    preamble = [row[0] for row in table.iter_rows(1, 10, values_only=True)]
    assert preamble[:3] == [
        "关于2026年3月政务信息报送采用情况的通报",
        "文号：县府办信息通〔2026〕3号",
        "统计期间：2026年3月（2026-03-01至2026-03-31）",
    ]
    assert f"采用率(%)：{RATE_DEFINITION}" in preamble
    assert table.freeze_panes == "A13" and table.print_title_rows == "$12:$12"
    assert (table.page_setup.orientation, table.page_setup.paperSize) == ("landscape", 9)
    header = [c.value for c in table[12]]
    rows = {r[2]: dict(zip(header, r, strict=True)) for r in table.iter_rows(13, values_only=True)}
    # The same numbers as the ledger page: 城关镇 12 this month.
    assert rows["城关镇"]["本期得分"] == 12 and isinstance(rows["城关镇"]["本期得分"], int | float)
    assert rows["城关镇"]["名次变化"] == 1
    first = {c.value: c.column for c in table[12]}
    assert table.cell(13, first["采用率(%)"]).number_format == "0.0"
    assert table.cell(13, first["本期得分"]).number_format == "0.0#"
    # The other sheets: the title and the table's name, a blank line, the header.
    annotated = book["领导批示"]
    assert annotated["A1"].value == "关于2026年3月政务信息报送采用情况的通报：领导批示"
    assert annotated["A3"].value == "日期" and annotated["F4"].value == 5


PRINTED_HEADERS = [
    "排名", "单位", "报送", "采用", "采用率(%)", "批示", "本期得分", "累计得分", "完成率(%)"
]  # fmt: skip


def test_notice_docx_official_format(world, scored, login):

    url = f"/scoring/{scored.pk}/notice/?month=3&format=docx&number=县府办信息通〔2026〕3号"
    doc = Document(BytesIO(login(world.county_editor).get(url).content))
    today = timezone.localdate()
    masthead, number = doc.paragraphs[0], doc.paragraphs[1]
    assert masthead.text == "某县人民政府办公室"
    assert str(masthead.runs[0].font.color.rgb) == "C00000"
    assert number.text == "县府办信息通〔2026〕3号"
    headings = [p for p in doc.paragraphs if p.text.startswith("一、")]
    assert headings[0].runs[0].font.name == "黑体"
    assert "PAGE" in doc.sections[0].footer._element.xml
    # One printed table per ranking group, nine columns on a portrait page.
    assert any(p.text == "（一）乡镇/街道" for p in doc.paragraphs)
    cells = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert cells[0] == [
        "排名",
        "单位",
        "报送",
        "采用",
        "采用率(%)",
        "批示",
        "本期得分",
        "累计得分",
        "完成率(%)",
    ]
    assert cells[1][:2] == ["1", "城关镇"] and "12" in cells[1]
    # 成文日期 under the office's signature, then the 版记's 印发 line at the foot.
    dated = f"{today.year}年{today.month}月{today.day}日"
    ending = [p.text for p in doc.paragraphs if p.text][-3:]
    assert ending == ["某县人民政府办公室", dated, f"某县人民政府办公室\t{dated}印发"]


@pytest.mark.once
@pytest.mark.skipif(not shutil.which("libreoffice"), reason="LibreOffice is not installed")
def test_notice_docx_converts_to_pdf_with_its_text(world, scored, login, tmp_path):
    from pypdf import PdfReader

    url = f"/scoring/{scored.pk}/notice/?month=3&format=docx"
    (tmp_path / "notice.docx").write_bytes(login(world.county_editor).get(url).content)
    subprocess.run(
        ["libreoffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "notice.docx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "notice.pdf").pages)
    assert "某县人民政府办公室" in text
    assert "城关镇" in text and "信息采用为零的单位" in text
