"""Issuing a notice freezes it: its figures, its page and its .docx/.xlsx bytes stay as
issued when the ledger changes later, and the issued page shows what changed. 文号
are unique per office and year; withdrawing needs a reason and is audited."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from govdesk.audit.models import Change
from govdesk.circulars import services
from govdesk.circulars.models import Circular, Kind, State
from govdesk.circulars.selectors import differences
from govdesk.demo.past import circulars_issue_past_months
from govdesk.emergencies import duty
from govdesk.lib import clock
from tests.fixtures.scoring import at

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
APRIL_1 = datetime(2026, 4, 1, 9, 30, tzinfo=TZ)
FIRST = "某县人民政府办公室信息通〔2026〕1号"


def _issue(world, month=3, *, number=None, when=APRIL_1):
    with clock.frozen_at(when):
        draft = services.circular_prepare(
            actor=world.county_editor,
            office=world.county,
            kind=Kind.SCORING_MONTH,
            year=2026,
            number=month,
        )
        return services.circular_issue(
            actor=world.county_chief,
            circular_id=draft.pk,
            doc_number=number or draft.doc_number,
        )


def _rows(circular):
    return {row["unit"]: row for row in circular.content["rows"]}


def test_issued_notice_keeps_its_numbers_and_bytes_when_the_ledger_changes(
    world, events, scored, login
):
    """March (tests/fixtures/scoring.py ``scored``): 城关镇 12, 河口乡 0. After issuing,
    河口乡 gets a 《快讯》工作简况 简要 adoption dated in March: +1 (seeds/001 范文2
    二(二): 工作简况 简要信息 1分). The issued notice still says 0; the diff says 0 → 1."""
    issued = _issue(world)
    docx, xlsx = bytes(issued.docx), bytes(issued.xlsx)
    assert _rows(issued)["城关镇"]["score"] == "12" and _rows(issued)["河口乡"]["score"] == "0"

    late = events.submitted(at(3, 20), unit=world.town_b, by=world.b_officer, title="河口乡补报")
    events.adopt(late, world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(3, 21))

    issued.refresh_from_db()
    assert _rows(issued)["河口乡"]["score"] == "0" and _rows(issued)["河口乡"]["adopted"] == 0
    client = login(world.county_editor)
    for fmt, frozen in (("docx", docx), ("xlsx", xlsx)):
        response = client.get(reverse("circulars:download", args=[issued.pk, fmt]))
        assert response.content == frozen
    sheet = load_workbook(BytesIO(xlsx))["考核情况"]
    top = int(sheet.freeze_panes[1:]) - 1  # the header: title, 文号 and definitions above
    header = [c.value for c in sheet[top]]
    by_unit = {
        r[2]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(top + 1, values_only=True)
    }
    assert by_unit["河口乡"]["本期得分"] == 0

    (changed,) = differences(issued)
    assert changed.unit == "河口乡"
    assert changed.issued == {"score": "0", "adopted": 0, "rank": 2}
    assert changed.live == {"score": "1", "adopted": 1, "rank": 2}
    assert changed.score_changed and changed.adopted_changed and not changed.rank_changed

    page = client.get(reverse("circulars:detail", args=[issued.pk])).content.decode()
    assert "签发后的数据变化" in page and "河口乡" in page.split("签发后的数据变化")[1]
    live = client.get(f"/scoring/{scored.pk}/notice/?month=3").content.decode()
    assert "签发以来有 <b>1</b> 个单位" in live


def test_an_issued_notice_cannot_be_edited(world, scored):
    issued = _issue(world)
    issued.doc_number = "改过的文号"
    with pytest.raises(ValueError, match="不能修改"):
        issued.save()
    with pytest.raises(ValidationError, match="不能再次签发"):
        services.circular_issue(actor=world.county_chief, circular_id=issued.pk, doc_number="x")


def test_document_numbers_are_suggested_and_unique_per_office_and_year(world, scored):
    first = _issue(world)
    assert first.doc_number == FIRST and first.doc_year == 2026
    with clock.frozen_at(APRIL_1):
        february = services.circular_prepare(
            actor=world.county_editor,
            office=world.county,
            kind=Kind.SCORING_MONTH,
            year=2026,
            number=2,
        )
    assert february.doc_number == "某县人民政府办公室信息通〔2026〕2号"
    with pytest.raises(ValidationError) as refused:
        services.circular_issue(actor=world.county_chief, circular_id=february.pk, doc_number=FIRST)
    assert refused.value.message_dict["doc_number"] == [
        f"文号“{FIRST}”本年度已使用，建议使用“某县人民政府办公室信息通〔2026〕2号”。"
    ]
    february.refresh_from_db()
    assert february.state == State.DRAFT
    # The office's own series carries on from the last number it used.
    services.circular_issue(
        actor=world.county_chief, circular_id=february.pk, doc_number="县府办信息通〔2026〕7号"
    )
    assert services.suggest_number(office=world.county, year=2026) == "县府办信息通〔2026〕8号"
    assert services.suggest_number(office=world.county, year=2027) == "县府办信息通〔2027〕1号"
    # Another office's series is its own.
    assert services.suggest_number(office=world.city, year=2026).endswith("〔2026〕1号")


def test_withdrawing_needs_a_reason_is_audited_and_keeps_the_number_taken(world, scored):
    issued = _issue(world)
    with pytest.raises(ValidationError) as refused:
        services.circular_withdraw(actor=world.county_chief, circular_id=issued.pk, reason="  ")
    assert refused.value.message_dict == {"reason": ["请填写撤回原因。"]}
    assert Circular.objects.get(pk=issued.pk).state == State.ISSUED

    services.circular_withdraw(
        actor=world.county_chief, circular_id=issued.pk, reason="河口乡数据有误，更正后重发"
    )
    withdrawn = Circular.objects.get(pk=issued.pk)
    assert withdrawn.state == State.WITHDRAWN and withdrawn.withdrawn_by == world.county_chief
    change = Change.objects.get(action="circular.withdraw", target_id=issued.pk)
    assert change.actor == world.county_chief
    assert change.details == {
        "reason": "河口乡数据有误，更正后重发",
        "from": "issued",
        "to": "withdrawn",
    }
    assert Change.objects.filter(action="circular.issue", target_id=issued.pk).count() == 1
    # The period can be issued again, but not under the withdrawn notice's 文号.
    with pytest.raises(ValidationError, match="本年度已使用"):
        _issue(world, number=FIRST)
    again = _issue(world, number="某县人民政府办公室信息通〔2026〕2号")
    assert again.state == State.ISSUED


def test_issue_from_the_live_notice_page(world, scored, login):
    client = login(world.county_editor)
    page = client.get(f"/scoring/{scored.pk}/notice/?month=3").content.decode()
    assert "签发本期通报" in page and FIRST in page
    response = client.post(
        reverse("circulars:issue_live", args=[scored.pk]),
        {"request_key": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "period_kind": "month",
         "period_number": "3", "doc_number": FIRST},
    )  # fmt: skip
    issued = Circular.objects.get(state=State.ISSUED)
    assert response.status_code == 302 and response.url == f"/circulars/{issued.pk}/"
    assert issued.period_label == "2026年3月" and issued.issued_by == world.county_editor
    page = client.get(f"/scoring/{scored.pk}/notice/?month=3").content.decode()
    assert "签发本期通报" not in page and "签发以来各单位数据无变化" in page


def test_a_refused_number_keeps_what_was_typed(world, scored, login):
    _issue(world)
    with clock.frozen_at(APRIL_1):
        draft = services.circular_prepare(
            actor=None, office=world.county, kind=Kind.SCORING_MONTH, year=2026, number=2
        )
    response = login(world.county_editor).post(
        reverse("circulars:issue", args=[draft.pk]),
        {"request_key": "2b4e28ba-2fa1-11d2-883f-0016d3cca427", "doc_number": FIRST},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "本年度已使用" in text and f'value="{FIRST}"' in text


def test_a_duty_notice_is_issued_by_the_duty_office_and_frozen(world):
    """范文1 (seeds/001): the duty office spot-checks units outside office hours and
    notifies absences. One unanswered call in July; a second one recorded after
    issuing changes neither the issued page's content nor its files."""

    def check(day, unit):
        duty.spot_check_record(
            actor=world.county_duty,
            unit=unit,
            checked_at=datetime(2026, 7, day, 22, 0, tzinfo=TZ),
            number="0571-7654321",
            answered=False,
        )

    check(11, world.town_b)
    (draft,) = services.prepare_month(year=2026, month=7)
    assert draft.kind == Kind.DUTY_MONTH
    with pytest.raises(Http404):  # a duty draft is the duty office's business
        services.circular_issue(actor=world.county_editor, circular_id=draft.pk, doc_number="1")
    issued = services.circular_issue(
        actor=world.county_duty, circular_id=draft.pk, doc_number="县府办值通〔2026〕1号"
    )
    frozen = bytes(issued.docx)
    check(18, world.dept)
    issued.refresh_from_db()
    assert issued.content["checks"] == 1
    assert issued.content["failures"] == [
        ["河口乡人民政府", "07月11日 22:00", "0571-7654321", "无人接听"]
    ]
    assert bytes(issued.docx) == frozen
    paragraphs = [p.text for p in Document(BytesIO(frozen)).paragraphs]
    assert paragraphs[:4] == [
        "某县人民政府办公室",
        "县府办值通〔2026〕1号",
        "",
        "关于2026年7月值班抽查情况的通报",
    ]
    assert any("共抽查1次，其中1次无人接听" in p for p in paragraphs)


def test_the_demo_issues_one_notice_per_past_month(world, scored):
    """Each month's notice issued on the first working day after it: 2 February 2026
    (a Monday), 2 March (Monday), 1 April (Wednesday), numbered 1, 2, 3."""
    issued = circulars_issue_past_months(
        actor=world.county_chief, scheme=scored, until=date(2026, 4, 15)
    )
    assert [c.period_label for c in issued] == ["2026年1月", "2026年2月", "2026年3月"]
    assert [timezone.localdate(c.issued_at) for c in issued] == [
        date(2026, 2, 2), date(2026, 3, 2), date(2026, 4, 1),
    ]  # fmt: skip
    assert [c.doc_number[-8:] for c in issued] == ["〔2026〕1号", "〔2026〕2号", "〔2026〕3号"]
    assert _rows(issued[2])["城关镇"]["score"] == "12"


@pytest.mark.parametrize("number", ["13", "abc", ""])
def test_a_bad_period_from_the_live_page_is_refused_in_chinese(world, scored, login, number):
    client = login(world.county_editor)
    response = client.post(
        reverse("circulars:issue_live", args=[scored.pk]),
        {"request_key": "4b4e28ba-2fa1-11d2-883f-0016d3cca427", "period_kind": "month",
         "period_number": number, "doc_number": FIRST},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    assert "通报期间不正确，请重新选择月份或季度。" in response.content.decode()
    assert not Circular.objects.exists()
