"""值班: rosters per unit and day, spot checks by the duty office, the monthly notice."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document

from govdesk.audit.services import history_of
from govdesk.emergencies import duty
from govdesk.emergencies.models import DutyRoster
from tests.emergencies.conftest import TZ

SATURDAY_NIGHT = datetime(2026, 7, 11, 21, 30, tzinfo=TZ)


def test_a_unit_keeps_its_own_roster_and_not_anothers(world):
    roster = duty.roster_set(
        actor=world.a_officer,
        unit=world.town_a,
        day=date(2026, 7, 11),
        leader="王明",
        officer="刘强",
        phone="022-12345678",
    )
    duty.roster_set(
        actor=world.a_officer,
        unit=world.town_a,
        day=date(2026, 7, 11),
        leader="王明",
        officer="赵磊",
        phone="022-12345678",
    )
    assert DutyRoster.objects.get().officer == "赵磊"
    assert history_of(roster).last().details["changes"] == {"officer": ["刘强", "赵磊"]}
    with pytest.raises(PermissionDenied):
        duty.roster_set(
            actor=world.b_officer,
            unit=world.town_a,
            day=date(2026, 7, 11),
            leader="x",
            officer="x",
            phone="x",
        )


def _check(world, unit, answered, notes=""):
    return duty.spot_check_record(
        actor=world.county_duty,
        unit=unit,
        checked_at=SATURDAY_NIGHT,
        number="022-12345678",
        answered=answered,
        answered_by="刘强" if answered else "",
        notes=notes,
    )


def test_only_the_duty_office_spot_checks(world):
    with pytest.raises(PermissionDenied):
        duty.spot_check_record(
            actor=world.a_officer,
            unit=world.town_b,
            checked_at=SATURDAY_NIGHT,
            number="1",
            answered=True,
        )


def test_the_monthly_notice_lists_the_failures(login, world):
    _check(world, world.town_a, True)
    _check(world, world.town_b, False, "值班电话无人接听")
    client = login(world.county_duty)
    html = client.get(reverse("emergencies:duty_notice") + "?month=2026-07").content.decode()
    assert "2026年7月共抽查 2 次，其中 1 次无人接听" in html
    assert "河口乡人民政府" in html and "城关镇人民政府" not in html
    sheet = client.get(reverse("emergencies:duty_notice") + "?month=2026-07&export=xlsx")
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    word = client.get(reverse("emergencies:duty_notice") + "?month=2026-07&export=docx")
    text = "\n".join(p.text for p in Document(BytesIO(word.content)).paragraphs)
    assert "关于2026年7月值班抽查情况的通报" in text and "共抽查2次，其中1次" in text


def test_the_duty_page_enters_rosters_and_checks(login, world):
    client = login(world.county_duty)
    assert client.get(reverse("emergencies:duty")).status_code == 200
    response = client.post(
        reverse("emergencies:duty"),
        {
            "check": "1",
            "unit": world.town_b.pk,
            "checked_at": "2026-07-11T21:30",
            "number": "022-87654321",
            "answered_by": "",
            "notes": "无人接听",
        },
    )
    assert response.status_code == 302
    assert world.town_b.spot_checks.get().answered is False
    assert login(world.outsider).get(reverse("emergencies:duty")).status_code == 403


def test_the_notice_button_is_offered_only_to_who_may_read_the_notice(login, world):
    # A township officer keeps the unit's rosters on the 值班 page but reads no
    # office's spot-check notice (403): no button leading there.
    button = "月度抽查通报"
    officer = login(world.a_officer)
    assert button not in officer.get(reverse("emergencies:duty")).content.decode()
    assert officer.get(reverse("emergencies:duty_notice")).status_code == 403
    assert button in login(world.county_duty).get(reverse("emergencies:duty")).content.decode()
