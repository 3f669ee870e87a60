"""The monthly duty spot-check notice as a Word document (.docx)."""

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from docx import Document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def duty_notice_docx(*, office_names: str, month, checks, failures) -> HttpResponse:
    document = Document()
    document.add_heading(f"关于{month:%Y年%-m月}值班抽查情况的通报", level=1)
    document.add_paragraph(
        f"{month:%Y年%-m月}，{office_names}对各单位“八小时”以外值班情况进行了抽查，"
        f"共抽查{len(checks)}次，其中{len(failures)}次无人接听或值班人员脱岗。"
        + ("现将有关情况通报如下：" if failures else "")
    )
    if failures:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ["单位", "抽查时间", "拨打号码", "情况"], strict=True
        ):
            cell.text = text
        for check in failures:
            row = table.add_row().cells
            row[0].text = check.unit.name
            row[1].text = f"{timezone.localtime(check.checked_at):%m月%d日 %H:%M}"
            row[2].text = check.number
            row[3].text = check.notes or "无人接听"
    document.add_paragraph("请各单位严格落实24小时值班制度，不得脱岗、缺岗。")
    buffer = BytesIO()
    document.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX)
    filename = quote(f"值班抽查通报-{month:%Y-%m}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
