"""The monthly duty spot-check notice (值班抽查通报, 范文1 in seeds/001): its content as
JSON-ready data (the page and an issued notice in govdesk.circulars render it), and
the .docx (official look) and .xlsx files."""

from datetime import date
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from govdesk.core.exports import xlsx_response
from govdesk.lib.officialdoc import body, official_document, table
from govdesk.scoring.exports import official_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_HEADERS = ["单位", "抽查时间", "拨打号码", "接听", "接听人", "情况说明", "抽查人"]
FAILURE_HEADERS = ["单位", "抽查时间", "拨打号码", "情况"]


def duty_title(month: date) -> str:
    return f"关于{month:%Y年%-m月}值班抽查情况的通报"


def duty_snapshot(*, office_names: str, month: date, checks) -> dict:
    failures = [c for c in checks if not c.answered]
    return {
        "title": duty_title(month),
        "office_names": office_names,
        "month": f"{month:%Y年%-m月}",
        "checks": len(checks),
        "failures": [
            [
                c.unit.name,
                f"{timezone.localtime(c.checked_at):%m月%d日 %H:%M}",
                c.number,
                c.notes or "无人接听",
            ]
            for c in failures
        ],
    }


def duty_notice_docx_bytes(data: dict, *, office: str, doc_number: str) -> bytes:
    doc = official_document(
        office=office, doc_number=doc_number, title=data["title"], addressee="各乡镇、各部门："
    )
    failures = data["failures"]
    body(
        doc,
        [
            f"{data['month']}，{data['office_names']}对各单位“八小时”以外值班情况进行了抽查，"
            f"共抽查{data['checks']}次，其中{len(failures)}次无人接听或值班人员脱岗。"
            + ("现将有关情况通报如下：" if failures else "")
        ],
    )
    if failures:
        table(doc, FAILURE_HEADERS, failures)
    body(doc, ["请各单位严格落实24小时值班制度，不得脱岗、缺岗。"])
    return official_bytes(doc, office=office)


def duty_notice_xlsx(*, month: date, checks) -> HttpResponse:
    """Every spot check of the month, one row each."""
    return xlsx_response(
        f"值班抽查通报-{month:%Y-%m}.xlsx",
        "值班抽查",
        XLSX_HEADERS,
        [
            (
                c.unit.name,
                c.checked_at,
                c.number,
                "是" if c.answered else "否",
                c.answered_by,
                c.notes,
                str(c.checked_by),
            )
            for c in checks
        ],
    )


def duty_notice_xlsx_bytes(*, month: date, checks) -> bytes:
    return duty_notice_xlsx(month=month, checks=checks).content


def duty_notice_docx(*, office_names: str, month, checks) -> HttpResponse:
    """The live notice for the duty page's download."""
    data = duty_snapshot(office_names=office_names, month=month, checks=checks)
    content = duty_notice_docx_bytes(data, office=office_names, doc_number="")
    response = HttpResponse(content, content_type=DOCX)
    filename = quote(f"值班抽查通报-{month:%Y-%m}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
