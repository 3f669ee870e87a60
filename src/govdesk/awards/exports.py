"""The commendation notice (表彰通报) of a confirmed list: .docx in the official look
of GB/T 9704 (govdesk.lib.officialdoc), and the rows of its .xlsx."""

from govdesk.awards.models import Confirmation, Subject
from govdesk.lib.officialdoc import NUMERALS, body, heading, official_document
from govdesk.scoring.exports import official_bytes

XLSX_HEADERS = ["奖项", "序号", "单位", "个人", "主编调整"]


def _groups(confirmation: Confirmation) -> list[tuple[str, str, list[str]]]:
    """(award, counting word, winners' names) per award: units 个, people 名."""
    groups: dict[tuple[str, str], list[str]] = {}
    winners = confirmation.winners.select_related("award", "unit", "officer")
    for w in winners.order_by("award__position", "position"):
        name = f"{w.officer.full_name}（{w.unit.name}）" if w.officer_id else w.unit.name
        measure = "名" if w.award.subject == Subject.OFFICER else "个"
        groups.setdefault((w.award.name, measure), []).append(name)
    return [(award, measure, names) for (award, measure), names in groups.items()]


def title(confirmation: Confirmation) -> str:
    scheme = confirmation.scheme
    return f"{scheme.office.name}关于表彰{scheme.year}年度政务信息工作先进的通报"


def commendation_docx(confirmation: Confirmation, *, doc_number: str) -> bytes:
    scheme = confirmation.scheme
    office = scheme.office.name
    doc = official_document(
        office=office, doc_number=doc_number, title=title(confirmation), addressee="各考核单位："
    )
    body(
        doc,
        [
            f"{scheme.year}年，各单位认真做好政务信息报送工作，涌现出一批成绩突出的先进集体和"
            f"个人。根据《{scheme.name}》，经逐项评定，决定对以下单位和个人予以通报表彰。"
        ],
    )
    for index, (award, measure, names) in enumerate(_groups(confirmation)):
        heading(doc, f"{NUMERALS[index % 10]}、{award}（{len(names)}{measure}）")
        body(doc, ["、".join(names) + "。"])
    body(
        doc,
        [
            "希望受到表彰的单位和个人珍惜荣誉、再接再厉；各单位以先进为榜样，"
            "进一步提高政务信息工作水平。"
        ],
    )
    return official_bytes(doc, office=office, written_on=confirmation.written_on)


def commendation_rows(confirmation: Confirmation) -> list[list]:
    winners = confirmation.winners.select_related("award", "unit", "officer")
    return [
        [
            w.award.name,
            w.position,
            w.unit.name,
            w.officer.full_name if w.officer_id else "",
            "是" if w.overridden else "",
        ]
        for w in winners.order_by("award__position", "position")
    ]
