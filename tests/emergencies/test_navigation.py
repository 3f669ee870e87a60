"""The side navigation: entries grouped by line of work, and a duty officer's count of
emergency alerts they have not yet acknowledged (the board offers 确认收到 only then)."""

from datetime import timedelta

from govdesk.emergencies import services

from .conftest import NIGHT


def nav_groups(client) -> dict[str, dict[str, int | None]]:
    groups = client.get("/").context["nav"]["groups"]
    return {g["label"]: {e["label"]: e["count"] for e in g["entries"]} for g in groups}


def test_a_township_officer_sees_reporting_but_not_the_editors_desk(world, login):
    groups = nav_groups(login(world.a_officer))
    assert {"起草信息", "本单位信息", "报送紧急信息"} <= set(groups["报送"])
    assert "采编工作台" not in groups.get("采编", {})
    assert "应急值守" in groups  # 值班: a writer keeps the unit's duty roster
    assert "紧急信息值守" not in groups["应急值守"]


def test_unacknowledged_alerts_count_on_the_duty_officers_board_entry(world, login, desk):
    client = login(world.county_duty)
    assert not nav_groups(client)["应急值守"]["紧急信息值守"]
    report = desk.file(NIGHT)
    assert nav_groups(client)["应急值守"]["紧急信息值守"] == 1
    assert "确认收到" in client.get("/emergencies/").text
    desk.file(NIGHT + timedelta(hours=2), event=report.event, title="东河村山洪续报")
    assert nav_groups(client)["应急值守"]["紧急信息值守"] == 2
    services.alerts_acknowledge(actor=world.county_duty, event_id=report.event_id)
    assert not nav_groups(client)["应急值守"]["紧急信息值守"]
    board = client.get("/emergencies/").text
    assert "东河村山洪冲毁道路" in board and "确认收到" not in board
