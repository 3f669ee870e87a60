"""Every printed document follows GB/T 9704-2012 through the one toolkit
(govdesk.lib.officialdoc): A4 and the §5.2.1 margins, 三号仿宋 body at a fixed pitch,
the red masthead and rule, "— N —" page numbers odd-right/even-left, the 版记 on
notices, only the faces the toolkit names; and the PDF is set in the free faces
fonts.conf maps them to, not a sans fallback."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from pypdf import PdfReader

from govdesk.emergencies.notice import duty_notice_docx_bytes, duty_snapshot
from govdesk.lib import officialdoc
from govdesk.lib.officialdoc import FANGSONG, HEITI, SONG, XIAOBIAOSONG
from tests.documents import pdftext

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(data: bytes) -> str:
    """The document's own text and footers (python-docx's template styles name others)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|footer\d+)\.xml", n)]
        return "".join(z.read(n).decode() for n in parts)


def check_official(data: bytes, *, masthead: str) -> Document:
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    sides = ("top", "bottom", "left", "right")
    margins = [round(getattr(section, f"{side}_margin").mm, 1) for side in sides]
    assert margins == [37, 35, 28, 26]
    # The masthead: red 方正小标宋简体, the first paragraph; a red rule under the next.
    first = doc.paragraphs[0]
    assert first.text == masthead and str(first.runs[0].font.color.rgb) == "C00000"
    assert first.runs[0]._element.rPr.rFonts.get(f"{W}eastAsia") == XIAOBIAOSONG
    rules = [
        p for p in doc.paragraphs[:4] if 'w:color="C00000"' in p._p.xml and "w:pBdr" in p._p.xml
    ]
    assert len(rules) == 1
    # Body text: 三号仿宋 at the fixed 28 pt pitch, first line indented two characters.
    style = doc.styles["OfficialBody"]
    assert style.font.size == Pt(16)
    assert style.element.rPr.rFonts.get(f"{W}eastAsia") == FANGSONG
    assert style.paragraph_format.line_spacing == Pt(28)
    assert any(p.style.name == "OfficialBody" for p in doc.paragraphs)
    # Page numbers: odd pages right, even pages left, "— PAGE —" in 4号宋体.
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        line = footer.paragraphs[0]
        assert line.alignment == align
        assert 'w:instr="PAGE"' in line._p.xml
        assert "".join(t.text for t in line._p.iter(f"{W}t")) == "— 1 —"
        assert {r.font.size for r in line.runs} == {Pt(14)}
    # Every face named anywhere is one the toolkit names.
    faces = set(re.findall(r'w:(?:eastAsia|ascii|hAnsi)="([^"]+)"', _xml(data)))
    for name in ("Normal", "OfficialBody", "OfficialImprint"):
        faces.add(doc.styles[name].element.rPr.rFonts.get(f"{W}eastAsia"))
    assert faces <= {FANGSONG, XIAOBIAOSONG, HEITI, SONG}, faces
    assert "仿宋_GB2312" not in _xml(data)
    return doc


def imprint(doc) -> list[str]:
    """The lines of the 版记: paragraph frames at the foot of the type area (the last
    one ends on it), ruled above, the last ruled below too, after a spacer paragraph
    as tall as they are that keeps with them."""
    framed = [
        p
        for p in doc.paragraphs
        if p._p.pPr is not None and p._p.pPr.find(f"{W}framePr") is not None
    ]
    frames = [p._p.pPr.find(f"{W}framePr") for p in framed]
    tops = [int(f.get(f"{W}y")) for f in frames]
    heights = [int(f.get(f"{W}h")) for f in frames]
    assert tops[-1] + heights[-1] == officialdoc.TYPE_AREA_TWIPS[1]
    assert all(f.get(f"{W}vAnchor") == "margin" for f in frames)
    assert all("<w:top " in p._p.xml for p in framed) and "<w:bottom " in framed[-1]._p.xml
    spacer = framed[0]._p.getprevious()
    assert spacer.find(f"{W}pPr/{W}keepNext") is not None
    line = int(spacer.find(f"{W}pPr/{W}spacing").get(f"{W}line"))
    assert line == sum(heights) + officialdoc.IMPRINT_GAP_TWIPS
    return [p.text for p in framed]


def test_monthly_notice_is_official_with_imprint(monthly):
    doc = check_official(monthly, masthead="某县人民政府办公室")
    assert doc.paragraphs[1].text == "县府办信息通〔2026〕3号"
    title = next(p for p in doc.paragraphs if p.text.endswith("通报"))
    assert title.runs[0].font.size == Pt(22)
    # Too long for one line: two lines of even width broken at a word, no orphan 报.
    assert title.text == "关于2026年3月政务信息\n报送采用情况的通报"
    from django.utils import timezone

    today = timezone.localdate()
    assert imprint(doc) == [f"某县人民政府办公室\t{today.year}年{today.month}月{today.day}日印发"]
    # Notice tables: body faces, widths from the content, headers on one line.
    ranking = doc.tables[0]
    head = ranking.rows[0].cells[0].paragraphs[0]
    assert head.style.name == "OfficialTableHead"
    assert doc.styles["OfficialTableHead"].element.rPr.rFonts.get(f"{W}eastAsia") == HEITI
    assert doc.styles["OfficialTableText"].element.rPr.rFonts.get(f"{W}eastAsia") == FANGSONG
    widths = [int(c.get(f"{W}w")) for c in ranking._tbl.tblGrid.findall(f"{W}gridCol")]
    headers = [c.text for c in ranking.rows[0].cells]
    for width, header in zip(widths, headers, strict=True):
        assert width >= officialdoc.text_width(header) * 105 + 2 * officialdoc.CELL_PAD_TWIPS
    assert sum(widths) <= officialdoc.TEXT_WIDTH_TWIPS


@pytest.mark.parametrize(
    "title, lines",
    [
        ("关于测试的通报", "关于测试的通报"),
        ("关于2026年3月政务信息报送采用情况的通报", "关于2026年3月政务信息\n报送采用情况的通报"),
        ("A" * 60, "A" * 60),  # one word: nowhere to break it
        ("关于" + "、".join(["城关镇"] * 20) + "的通报", None),
    ],
)
def test_long_titles_break_at_words_into_even_lines(title, lines):
    broken = officialdoc.balanced(title, size=officialdoc.TITLE_PT)
    assert broken.replace("\n", "") == title
    if lines is not None:
        assert broken == lines
    per_line = officialdoc.TEXT_WIDTH_TWIPS // (officialdoc.TITLE_PT * 10)
    assert not any(line[0] in officialdoc.CLOSING for line in broken.split("\n"))
    widths = [officialdoc.text_width(line) for line in broken.split("\n")]
    if len(widths) > 1:
        assert max(widths) <= per_line and max(widths) - min(widths) <= 8, widths


def test_commendation_notice_is_official_with_imprint(commendation):
    doc = check_official(commendation, masthead="某县人民政府办公室")
    assert doc.paragraphs[1].text == "县府办信息〔2027〕1号"
    (line,) = imprint(doc)
    assert line.startswith("某县人民政府办公室\t") and line.endswith("印发")


def test_duty_notice_is_official_with_imprint():
    """The monthly duty spot-check notice: the same layout, its failures in a table in
    the body faces, the 版记 at the foot."""
    check = SimpleNamespace(
        unit=SimpleNamespace(name="河口乡人民政府"),
        checked_at=datetime(2026, 7, 11, 21, 30, tzinfo=UTC),
        number="022-87654321",
        answered=False,
        notes="值班电话无人接听",
    )
    data = duty_snapshot(office_names="某县人民政府办公室", month=date(2026, 7, 1), checks=[check])
    doc = check_official(
        duty_notice_docx_bytes(data, office="某县人民政府办公室", doc_number="县府办〔2026〕9号"),
        masthead="某县人民政府办公室",
    )
    assert doc.paragraphs[1].text == "县府办〔2026〕9号"
    assert [c.text for c in doc.tables[0].rows[1].cells][::2] == ["河口乡人民政府", "022-87654321"]
    assert doc.tables[0].rows[0].cells[0].paragraphs[0].style.name == "OfficialTableHead"
    (line,) = imprint(doc)
    assert line.startswith("某县人民政府办公室\t") and line.endswith("印发")


def test_bulletin_reads_as_a_bulletin(bulletin):
    doc = check_official(bulletin, masthead="快讯")
    texts = [p.text for p in doc.paragraphs]
    # 本期要目 lists the six titles before the first article.
    contents = texts.index("本期要目")
    assert texts[contents + 1] == "1. 城关镇召开防汛工作部署会"
    assert texts[contents + 6] == "6. 县应急管理局排查安全隐患"
    # Article titles in 二号小标宋, clearly above the 三号 text, kept with what follows.
    title = next(p for p in doc.paragraphs[contents + 7 :] if p.text == "河口乡秋粮收购过半")
    assert title.runs[0].font.size == Pt(22)
    assert title.runs[0]._element.rPr.rFonts.get(f"{W}eastAsia") == XIAOBIAOSONG
    assert title.paragraph_format.keep_with_next
    assert "（河口乡）" in texts
    # The 报送/抄送/签发 block is the 版记's frames at the foot of the last page.
    rows = imprint(doc)
    assert rows[:2] == ["报送：黄志强。", "抄送：城关镇人民政府。"]
    assert rows[2].startswith("签发：") and "责任编辑：" in rows[2]


def _pdfs(documents: list[bytes]) -> list[bytes]:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    return officialdoc.docx_to_pdfs(documents)


def _pdf(data: bytes) -> bytes:
    return _pdfs([data])[0]


DOCUMENTS = ("bulletin", "monthly", "commendation")


@pytest.fixture(scope="module")
def converted() -> dict[str, bytes]:
    """The document fixtures' PDFs, for the tests of this file that read them: the
    fixtures build the same documents in every test, so the first such test builds
    all three and converts them in one LibreOffice start-up."""
    return {}


@pytest.fixture
def pdf_of(request, converted):
    def pdf_of(name: str) -> bytes:
        if not converted:
            documents = [request.getfixturevalue(name) for name in DOCUMENTS]
            converted.update(zip(DOCUMENTS, _pdfs(documents), strict=True))
        return converted[name]

    return pdf_of


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(font.get_object()["/BaseFont"].split("+", 1)[-1])
    return names


# PostScript names of the free faces fonts.conf maps the official ones to.
MAPPED = ("UKaiCN", "NotoSerifCJK", "NotoSansCJK")


@pytest.mark.once
@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdf_uses_the_mapped_free_faces(name, pdf_of, tmp_path):
    pdf_bytes = pdf_of(name)
    reader = PdfReader(io.BytesIO(pdf_bytes))
    fonts = _fonts(reader)
    assert all(font.startswith(MAPPED) for font in fonts), fonts
    assert "UKaiCN" in fonts and any(font.startswith("NotoSerifCJK") for font in fonts)
    assert officialdoc.font_fallbacks() == {}
    # First and last pages as pictures, for a person to look at (pdftoppm, poppler-utils).
    if shutil.which("pdftoppm"):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(pdf_bytes)
        last = len(reader.pages)
        for page in {1, last}:
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                 str(pdf), str(tmp_path / f"{name}-{page}")],
                check=True, timeout=60,
            )  # fmt: skip
            assert (tmp_path / f"{name}-{page}.png").stat().st_size > 1000


@pytest.mark.once
def test_bulletin_pdf_has_page_numbers_and_an_unsplit_foot(pdf_of):
    reader = PdfReader(io.BytesIO(pdf_of("bulletin")))
    assert len(reader.pages) >= 2
    pages = ["".join(page.extract_text().split()) for page in reader.pages]
    for number, text in enumerate(pages, 1):
        assert f"—{number}—" in text
    # 报送 and 责任编辑 land on the same page.
    assert [("报送：" in t, "责任编辑" in t) for t in pages][-1] == (True, True)


def _notice(paragraphs: int, copy_to: str) -> bytes:
    doc = officialdoc.official_document(
        office="某县人民政府办公室", doc_number="县府办〔2026〕1号", title="关于测试的通报",
        addressee="各单位：",
    )  # fmt: skip
    officialdoc.body(doc, [f"第{n}段。" for n in range(paragraphs)])
    return officialdoc.close_official(
        doc, office="某县人民政府办公室", written="2026年12月5日", printed="2026年12月6日",
        copy_to=copy_to,
    )  # fmt: skip


LONG_COPY = "县委办公室，县人大常委会办公室，县政协办公室，县纪委监委，县法院，县检察院，县人武部"
# 12 one-line paragraphs put the 成文日期 where the 版记 goes: it must move on.
NOTICES = [(3, "县委办公室"), (12, "县委办公室"), (12, LONG_COPY), (30, "")]


@pytest.fixture(scope="module")
def notice_pdfs() -> dict[tuple[int, str], bytes]:
    """The notices below, converted in one LibreOffice start-up."""
    return dict(zip(NOTICES, _pdfs([_notice(*notice) for notice in NOTICES]), strict=True))


@pytest.mark.once
@pytest.mark.parametrize("paragraphs, copy_to", NOTICES)
def test_imprint_sits_at_the_foot_of_the_last_page_in_libreoffice(
    paragraphs, copy_to, notice_pdfs, tmp_path
):
    pages = pdftext.pages(notice_pdfs[paragraphs, copy_to], tmp_path)
    lines = [f"抄送：{copy_to}。"] if copy_to else []
    lines.append("某县人民政府办公室2026年12月6日印发")
    # 四号 at a 22.4 pt pitch; the long 抄送 takes two lines.
    height = 22.4 * (len(lines) + (copy_to == LONG_COPY)) + 2
    assert pdftext.foot_text(pages[-1], height_pt=height) == "".join(lines)
    assert "印发" not in "".join(pdftext.page_text(page) for page in pages[:-1])
    # Nothing else printed in the band, and the 成文日期 above it on the same or an earlier page.
    assert "2026年12月5日" in "".join(pdftext.page_text(page) for page in pages)


@pytest.mark.once
def test_monthly_notice_imprint_at_the_foot_in_the_pdf(pdf_of, tmp_path):
    pages = pdftext.pages(pdf_of("monthly"), tmp_path)
    foot = pdftext.foot_text(pages[-1], height_pt=24)
    assert foot.startswith("某县人民政府办公室") and foot.endswith("日印发")


@pytest.mark.once
def test_bulletin_block_at_the_foot_of_the_last_page(pdf_of, tmp_path):
    pages = pdftext.pages(pdf_of("bulletin"), tmp_path)
    foot = pdftext.foot_text(pages[-1], height_pt=3 * 22.4 + 2)
    assert foot.startswith("报送：黄志强。抄送：城关镇人民政府。签发：") and "责任编辑：" in foot
