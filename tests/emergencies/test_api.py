"""Emergencies through the API: filed with the services the pages call, so a report
filed here is on the board, alerts the duty office and is timed (迟报) exactly as one
filed through the form."""

from datetime import timedelta

import pytest
from django.urls import reverse

from govdesk.audit.models import Change
from govdesk.emergencies.models import Alert, EmergencyReport, Event
from govdesk.lib import clock
from govdesk.scoring.models import Penalty
from tests.emergencies.conftest import NIGHT
from tests.emergencies.test_pages import _post_report

REPORT = {
    "title": "东河村山洪冲毁道路",
    "body": "东河村突降暴雨引发山洪，冲毁村道300米。",
    "occurred_at": "2026-07-10T01:00:00+08:00",
    "learned_at": "2026-07-10T01:10:00+08:00",
    "place": "东河村",
    "category": "natural",
    "severity": 2,
}


def post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def test_a_report_filed_through_the_api_is_on_the_board_and_alerts(login, world, desk):
    with clock.frozen_at(NIGHT), desk.commit(execute=True):
        response = post(login(world.a_officer), "/api/emergencies/reports", REPORT)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["label"], body["is_late"], body["title"]) == ("首报", False, "东河村山洪冲毁道路")
    event = Event.objects.get()
    with clock.frozen_at(NIGHT + timedelta(minutes=20)):
        duty = login(world.county_duty)
        html = duty.get(reverse("emergencies:board"), HTTP_HX_REQUEST="true").content.decode()
        board = duty.get("/api/emergencies/board").json()
    assert "东河村山洪冲毁道路" in html and "剩余 5小时40分" in html
    assert board[0]["event"]["id"] == event.pk
    assert board[0]["seconds_left"] == (5 * 60 + 40) * 60
    assert Alert.objects.filter(recipient=world.county_duty, message__event=event).exists()
    assert [a["event_id"] for a in duty.get("/api/emergencies/alerts").json()] == [event.pk]


def late_file(client, desk, *, through_api: bool):
    """A report of a 01:00 重大 event, filed at 08:30 (its limit is 03:00)."""
    with clock.frozen_at(NIGHT + timedelta(hours=6, minutes=30)), desk.commit(execute=True):
        if through_api:
            response = post(client, "/api/emergencies/reports", REPORT)
        else:
            response = _post_report(client)
    assert response.status_code in (201, 302), response.content
    return EmergencyReport.objects.latest("pk")


def test_the_late_timing_is_the_same_as_through_the_page(login, world, desk):
    client = login(world.a_officer)
    page = late_file(client, desk, through_api=False)
    api = late_file(client, desk, through_api=True)
    assert page.event_id != api.event_id
    fields = ("due_at", "received_at", "is_late")
    assert [getattr(api, f) for f in fields] == [getattr(page, f) for f in fields]
    assert api.is_late is True
    charges = Change.objects.filter(action="emergency.received", details__late=True)
    descriptions = [c.details["charge"]["description"] for c in charges.order_by("pk")]
    assert (
        descriptions
        == ["“东河村山洪冲毁道路”首报于07月10日 08:30送达，超过报送时限（07月10日 03:00）330分钟。"]
        * 2
    )
    assert Penalty.objects.filter(kind="late", unit=world.town_a).count() == 2


def test_a_phone_pre_report_then_the_written_report_and_a_final_one(login, world, desk):
    duty = login(world.county_duty)
    phone = {
        "unit_id": world.town_a.pk,
        "title": "东河村山洪",
        "caller": "刘强",
        "called_at": "2026-07-10T01:20:00+08:00",
        "summary": "山洪冲毁道路",
        "occurred_at": "2026-07-10T01:00:00+08:00",
        "place": "东河村",
        "category": "natural",
        "severity": 3,
    }
    with clock.frozen_at(NIGHT), desk.commit(execute=True):
        response = post(duty, "/api/emergencies/phone", phone)
    assert response.status_code == 201, response.content
    event = response.json()
    assert event["phone"]["caller"] == "刘强" and event["phone"]["taken_by"] == "郑浩"
    officer = login(world.a_officer)
    with clock.frozen_at(NIGHT + timedelta(hours=1)), desk.commit(execute=True):
        first = post(
            officer,
            "/api/emergencies/reports",
            {"event_id": event["id"], "title": "东河村山洪首报", "body": "详细情况。"},
        )
        final = post(
            officer,
            "/api/emergencies/reports",
            {
                "event_id": event["id"],
                "title": "东河村山洪终报",
                "body": "处置完毕。",
                "is_final": True,
            },
        )
    assert (first.json()["label"], final.json()["label"]) == ("首报", "终报")
    detail = officer.get(f"/api/emergencies/events/{event['id']}").json()
    assert [r["label"] for r in detail["reports"]] == ["首报", "终报"]
    assert detail["is_open"] is False and detail["place"] == "东河村"
    closed = post(
        officer, "/api/emergencies/reports", {"event_id": event["id"], "title": "再报", "body": "x"}
    )
    assert closed.status_code == 403
    assert closed.json() == {"detail": "该事件已终报，不能再续报。"}


def test_who_may_file_read_and_record_calls(login, world, desk):
    report = desk.file(NIGHT)
    url = f"/api/emergencies/events/{report.event_id}"
    assert login(world.b_officer).get(url).status_code == 404
    assert login(world.b_officer).get(url).json() == {"detail": "突发事件不存在，或您无权查看。"}
    assert login(world.a_reviewer).get(url).status_code == 200
    assert login(world.county_leader).get(url).status_code == 200
    follow = post(
        login(world.b_officer),
        "/api/emergencies/reports",
        {"event_id": report.event_id, "title": "冒名续报", "body": "x"},
    )
    assert follow.status_code == 404
    denied = post(login(world.county_duty), "/api/emergencies/reports", REPORT)
    assert denied.status_code == 403
    assert denied.json() == {"detail": "您没有可报送紧急信息的单位。"}
    call = post(login(world.a_officer), "/api/emergencies/phone", {"unit_id": world.town_a.pk})
    assert call.status_code == 422  # the schema first: title, caller … are missing
    full = {**REPORT, "unit_id": world.town_a.pk, "caller": "x", "summary": "x"}
    full["called_at"] = full.pop("learned_at")
    del full["body"]
    call = post(login(world.a_officer), "/api/emergencies/phone", full)
    assert call.status_code == 403
    assert call.json() == {"detail": "您不在任何办公室值班，不能记录电话报告。"}
    assert login(world.a_officer).get("/api/emergencies/board").json() == {
        "detail": "您没有值守的突发事件值班板。"
    }


def test_a_new_event_needs_its_facts(login, world):
    response = post(
        login(world.a_officer), "/api/emergencies/reports", {"title": "山洪", "body": "x"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        name: ["此项为必填项。"]
        for name in ("occurred_at", "learned_at", "place", "category", "severity")
    }
    assert not Event.objects.exists()


def test_the_duty_officer_acknowledges_and_sets_daily_reporting(login, world, desk):
    report = desk.file(NIGHT)
    duty = login(world.county_duty)
    url = f"/api/emergencies/events/{report.event_id}"
    assert duty.get(url).json()["my_alerts"] == 1
    assert post(duty, f"{url}/acknowledge", {}).json() == {"acknowledged": 1}
    assert duty.get(url).json()["acknowledged"] == ["郑浩"]
    assert duty.get("/api/emergencies/alerts").json() == []
    daily = duty.put(f"{url}/daily", {"daily": True}, content_type="application/json")
    assert daily.status_code == 200 and daily.json()["daily_reporting"] is True
    refused = login(world.county_leader).put(
        f"{url}/daily", {"daily": False}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_duty_rosters_through_the_api(login, world):
    client = login(world.a_officer)
    body = {"leader": "王镇长", "officer": "张晓梅", "phone": "0571-1234567"}
    url = f"/api/duty/rosters/{world.town_a.pk}/2026-07-10"
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    listed = client.get("/api/duty/rosters", {"day": "2026-07-10"}).json()
    assert listed == [
        {"unit": {"id": world.town_a.pk, "name": "城关镇人民政府"}, "day": "2026-07-10", **body}
    ]
    other = login(world.b_officer).put(url, body, content_type="application/json")
    assert other.status_code == 404
    assert login(world.county_duty).get("/api/duty/rosters", {"day": "2026-07-10"}).json() == listed


@pytest.mark.parametrize("who", ["county_duty", "county_leader"])
def test_the_board_through_the_api_for_each_watcher(login, world, desk, who):
    desk.file(NIGHT)
    with clock.frozen_at(NIGHT):
        rows = login(world.people[who]).get("/api/emergencies/board").json()
    assert [r["event"]["title"] for r in rows] == ["东河村山洪冲毁道路"]


def test_penalties_and_spot_checks_through_the_api(login, world):
    editor = login(world.county_editor)
    body = {
        "unit_id": world.town_a.pk,
        "kind": "missed",
        "occurred_on": "2026-07-10",
        "learned_from": "media",
        "description": "东河村山洪未报告，媒体先行报道。",
    }
    made = post(editor, "/api/emergencies/penalties", body)
    assert made.status_code == 201, made.content
    assert made.json()["kind_label"] == "漏报"
    listed = editor.get("/api/emergencies/penalties", {"year": 2026}).json()
    assert [p["id"] for p in listed] == [made.json()["id"]]
    no_reason = post(
        editor, f"/api/emergencies/penalties/{made.json()['id']}/withdraw", {"reason": " "}
    )
    assert no_reason.status_code == 422 and no_reason.json()["detail"] == "请填写撤销理由。"
    done = post(
        editor, f"/api/emergencies/penalties/{made.json()['id']}/withdraw", {"reason": "核实有误"}
    )
    assert done.json()["withdrawn"] is True
    officer = post(login(world.a_officer), "/api/emergencies/penalties", body)
    assert officer.status_code == 403
    assert officer.json() == {"detail": "只有办公室的编辑、主编可以记录报送失误。"}

    check = {
        "unit_id": world.town_a.pk,
        "checked_at": "2026-07-10T22:00:00+08:00",
        "number": "0571-1234567",
        "answered": False,
    }
    recorded = post(login(world.county_duty), "/api/duty/spot-checks", check)
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["answered"] is False
    assert post(login(world.a_officer), "/api/duty/spot-checks", check).status_code == 403
