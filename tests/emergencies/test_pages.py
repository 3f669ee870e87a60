"""The emergency pages: who sees the board, filing and following up through the
form, the event page, phone pre-reports, manual penalties and their list, timeliness."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

from govdesk.audit.models import Change
from govdesk.emergencies.models import EmergencyReport, Event
from govdesk.lib import clock
from govdesk.scoring.models import LedgerLine, Penalty, PenaltyKind
from govdesk.scoring.services import penalty_record, scheme_install_preset
from tests.emergencies.conftest import NIGHT


def _post_report(client, *, url=None, **extra):
    data = {
        "title": "东河村山洪冲毁道路",
        "body": "东河村突降暴雨引发山洪，冲毁村道300米。",
        "occurred_at": "2026-07-10T01:00",
        "learned_at": "2026-07-10T01:10",
        "place": "东河村",
        "category": "natural",
        "severity": "2",
        **extra,
    }
    return client.post(url or reverse("emergencies:new"), data)


def test_the_board_is_for_the_office_not_for_units(login, world):
    assert login(world.county_duty).get(reverse("emergencies:board")).status_code == 200
    assert login(world.a_officer).get(reverse("emergencies:board")).status_code == 403


def test_an_officer_files_through_the_form_and_the_board_counts_down(login, world, desk):
    client = login(world.a_officer)
    with clock.frozen_at(NIGHT), desk.commit(execute=True):
        response = _post_report(client)
    report = EmergencyReport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "emergencies:event", args=[report.event_id]
    )

    with clock.frozen_at(NIGHT + timedelta(minutes=20)):
        page = login(world.county_duty).get(reverse("emergencies:board"), HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert 'id="board"' in html and "<html" not in html
    assert "东河村山洪冲毁道路" in html and "剩余 5小时40分" in html


def test_overdue_events_are_red(login, world, desk):
    desk.file(NIGHT, event=None)
    Event.objects.update(daily_reporting=True, next_due_at=NIGHT + timedelta(hours=1))
    with clock.frozen_at(NIGHT + timedelta(hours=2)):
        html = login(world.county_duty).get(reverse("emergencies:board")).content.decode()
    assert 'class="overdue"' in html and "已超时 1小时00分" in html


def test_the_event_page_is_hidden_from_other_units(login, world, desk):
    report = desk.file(NIGHT)
    url = reverse("emergencies:event", args=[report.event_id])
    assert login(world.b_officer).get(url).status_code == 404
    assert login(world.a_reviewer).get(url).status_code == 200
    assert login(world.county_leader).get(url).status_code == 200


def test_the_duty_officer_acknowledges_from_the_event_page(login, world, desk):
    report = desk.file(NIGHT)
    client = login(world.county_duty)
    url = reverse("emergencies:event", args=[report.event_id])
    assert "确认收到" in client.get(url).content.decode()
    client.post(reverse("emergencies:acknowledge", args=[report.event_id]), {"next": url})
    html = client.get(url).content.decode()
    assert "已确认：<b>郑浩</b>" in html


def test_a_follow_up_through_the_form_joins_the_event(login, world, desk):
    first = desk.file(NIGHT)
    url = reverse("emergencies:new") + f"?event={first.event_id}"
    assert login(world.b_officer).get(url).status_code == 404
    client = login(world.a_officer)
    with desk.commit(execute=True):
        _post_report(client, url=url, title="东河村山洪续报", is_final="on")
    assert [r.label for r in first.event.reports.all()] == ["首报", "终报"]


def test_the_unit_is_shown_its_open_events_and_reminders_when_filing(login, world, desk):
    report = desk.file(NIGHT)
    desk.scan(NIGHT + timedelta(hours=5, minutes=30))  # the follow-up falls due at 08:00
    html = login(world.a_officer).get(reverse("emergencies:new")).content.decode()
    assert f"?event={report.event_id}" in html and "07-10 08:00</span> 前续报" in html
    assert "【续报提醒】" in html


def test_the_duty_officer_records_a_phone_report(login, world, desk):
    client = login(world.county_duty)
    assert client.get(reverse("emergencies:phone")).status_code == 200
    with desk.commit(execute=True):
        response = client.post(
            reverse("emergencies:phone"),
            {
                "unit": world.town_a.pk,
                "title": "东河村山洪",
                "caller": "刘强",
                "called_at": "2026-07-10T01:20",
                "summary": "山洪冲毁道路",
                "occurred_at": "2026-07-10T01:00",
                "place": "东河村",
                "category": "natural",
                "severity": "3",
            },
        )
    event = Event.objects.get()
    assert response.status_code == 302 and event.phone_caller == "刘强"
    assert login(world.a_officer).get(reverse("emergencies:phone")).status_code == 403


def test_the_office_records_a_missed_report_learned_from_the_media(login, world):
    client = login(world.county_editor)
    response = client.post(
        reverse("emergencies:penalty_new"),
        {
            "unit": world.town_b.pk,
            "kind": PenaltyKind.MISSED,
            "occurred_on": "2026-07-10",
            "learned_from": "media",
            "description": "河口乡山体滑坡未报，县委办从新闻获知。",
        },
    )
    assert response.status_code == 302
    penalty = Penalty.objects.get()
    assert (penalty.unit, penalty.kind, penalty.recorded_by) == (
        world.town_b,
        "missed",
        world.county_editor,
    )
    assert login(world.a_officer).get(reverse("emergencies:penalty_new")).status_code == 403


def test_timeliness_per_unit_and_month(login, world, desk):
    desk.file(NIGHT, occurred_at=NIGHT - timedelta(minutes=40))
    desk.file(NIGHT + timedelta(hours=1), occurred_at=NIGHT - timedelta(hours=3), title="另一事件")
    with clock.frozen_at(NIGHT):
        client = login(world.county_duty)
        html = client.get(reverse("emergencies:timeliness") + "?month=2026-07").content.decode()
        xlsx = client.get(reverse("emergencies:timeliness") + "?month=2026-07&export=xlsx")
    assert "城关镇人民政府" in html and "140 分钟" in html and "50%" in html
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def _missed_report(world) -> Penalty:
    """河口乡's 漏报 on 10 July, under the county's scheme (10 points off)."""
    scheme_install_preset(actor=None, office=world.county, year=2026, preset="county")
    return penalty_record(
        actor=world.county_editor,
        unit=world.town_b,
        kind=PenaltyKind.MISSED,
        occurred_on=date(2026, 7, 10),
        learned_from="media",
        description="河口乡山体滑坡未报。",
    )


def test_the_penalty_list_shows_deductions_and_withdraws_with_a_reason(login, world):
    """范文2 二(二)8: 漏报 每项每次倒扣10分; a record made in error is withdrawn with a
    reason, and its deduction goes with it."""
    penalty = _missed_report(world)
    client = login(world.county_editor)
    url = reverse("emergencies:penalties") + "?year=2026"
    page = client.get(url)
    assert page.status_code == 200
    row = next(r for r in page.context["rows"] if r.pk == penalty.pk)
    assert row.points == Decimal("-10")
    refused = client.post(url, {"penalty": penalty.pk, "reason": " ", "request_key": "k1"})
    assert refused.status_code == 400
    assert "请填写撤销理由。" in refused.content.decode()
    penalty.refresh_from_db()
    assert not penalty.withdrawn
    client.post(url, {"penalty": penalty.pk, "reason": "经核实已按时报送", "request_key": "k2"})
    penalty.refresh_from_db()
    assert penalty.withdrawn
    assert not LedgerLine.objects.filter(penalty=penalty).exists()
    assert Change.objects.get(action="penalty.withdrawn").details["reason"] == "经核实已按时报送"
    assert login(world.a_officer).get(url).status_code == 403


def test_a_withdrawal_reason_past_200_characters_is_refused_and_kept(login, world):
    """The reason (kept in the change log) is bounded like the list's field: one
    character too many is refused with a Chinese message on the list shown again,
    the row's withdrawal open with the text as typed."""
    penalty = _missed_report(world)
    typed = "经核实已按时报送" * 25 + "。"  # 201 characters
    response = login(world.county_editor).post(
        reverse("emergencies:penalties"),
        {"penalty": penalty.pk, "reason": typed, "request_key": "k1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "撤销理由不能超过 200 个字符（现有 201 个），请删减后重试。" in page
    assert f'value="{typed}"' in page
    assert '<details class="penalty-withdraw" open>' in page
    penalty.refresh_from_db()
    assert not penalty.withdrawn
    assert not Change.objects.filter(action="penalty.withdrawn").exists()


def test_the_duty_officer_reads_the_report_on_the_event_page(login, world, desk):
    """The duty officer may not open the unit's item (its page would be a 404), so the
    event page gives the report's text in place of a link, as the alert did; the
    unit's reviewer gets the link."""
    report = desk.file(NIGHT)
    url = reverse("emergencies:event", args=[report.event_id])
    item_link = f'href="{reverse("items:detail", args=[report.item_id])}"'
    duty = login(world.county_duty).get(url).content.decode()
    assert item_link not in duty and report.item.body in duty
    item_page = reverse("items:detail", args=[report.item_id])
    assert login(world.county_duty).get(item_page).status_code == 404
    assert item_link in login(world.a_reviewer).get(url).content.decode()
