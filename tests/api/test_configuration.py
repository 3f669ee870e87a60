"""The deployment-wide lists of 配置管理 through the API: the holiday calendar
(administrators, ``calendar.manage``) and the word lists (the offices' desks,
``words.manage``), written through their services into the change log."""

import pytest

from govdesk.audit.models import Change
from govdesk.core.models import CalendarDay
from govdesk.quality.models import Boilerplate, LexiconEntry

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_an_administrator_sets_and_deletes_calendar_days(world, login):
    admin = login(world.county_admin)
    body = {"start": "2031-10-01", "end": "2031-10-03", "note": "国庆节"}
    response = admin.put("/api/calendar/days", body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert [(d["day"], d["is_workday"]) for d in response.json()] == [
        ("2031-10-01", False),
        ("2031-10-02", False),
        ("2031-10-03", False),
    ]
    assert Change.objects.filter(action="calendar.set", actor=world.county_admin).count() == 3
    listed = admin.get("/api/calendar/days", {"year": 2031}).json()
    assert [d["note"] for d in listed] == ["国庆节"] * 3
    gone = admin.delete("/api/calendar/days/2031-10-02")
    assert gone.status_code == 200 and gone.json()["day"] == "2031-10-02"
    assert Change.objects.get(action="calendar.deleted").summary == "删除2031年10月02日的节假日安排"
    assert admin.delete("/api/calendar/days/2031-10-02").json() == {
        "detail": "该日期没有登记节假日安排。"
    }


def test_the_calendar_is_the_administrators_and_checked_in_chinese(world, login):
    for who in ("county_editor", "county_chief", "a_officer"):
        client = login(world.people[who])
        for response in (
            client.get("/api/calendar/days", {"year": 2031}),
            client.put("/api/calendar/days", {"start": "2031-10-01"}, content_type=JSON),
        ):
            assert response.status_code == 403, who
            assert response.json() == {"detail": "只有管理员可以维护节假日安排。"}
    admin = login(world.county_admin)
    backwards = admin.put(
        "/api/calendar/days", {"start": "2031-10-03", "end": "2031-10-01"}, content_type=JSON
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"] == {"end": ["结束日期不能早于开始日期。"]}
    bad_date = admin.put("/api/calendar/days", {"start": "2031-13-01"}, content_type=JSON)
    assert bad_date.json()["errors"] == {"start": ["日期格式应为 YYYY-MM-DD。"]}
    assert not CalendarDay.objects.exists()
    assert not Change.objects.filter(action__startswith="calendar.").exists()


def test_the_desk_keeps_the_word_lists(world, login):
    editor = login(world.county_editor)
    added = editor.post(
        "/api/words/boilerplate",
        {"phrase": "高度重视", "advice": "写明具体措施"},
        content_type=JSON,
    )
    assert added.status_code == 200, added.content
    assert added.json()["advice"] == "写明具体措施"
    word = editor.post(
        "/api/words/lexicon",
        {"word": "绝密", "severity": "block", "reason": "密级标志，不得报送"},
        content_type=JSON,
    )
    assert word.json()["severity_label"] == "禁止报送（密级词）"
    changed = editor.post(
        "/api/words/lexicon",
        {"word": "绝密", "severity": "warn", "reason": "请核实"},
        content_type=JSON,
    )
    assert changed.json()["id"] == word.json()["id"]
    assert [w["severity"] for w in editor.get("/api/words/lexicon").json()] == ["warn"]
    saved = Change.objects.filter(action="words.set", actor=world.county_editor)
    assert [c.summary for c in saved.order_by("id")] == [
        "新增套话词表“高度重视”",
        "新增敏感词与密级词“绝密”",
        "修改敏感词与密级词“绝密”",
    ]
    phrase = Boilerplate.objects.get()
    assert editor.delete(f"/api/words/boilerplate/{phrase.pk}").status_code == 200
    assert Change.objects.get(action="words.deleted").summary == "删除套话词表“高度重视”"
    assert editor.get("/api/words/boilerplate").json() == []


def test_the_word_lists_are_refused_outside_the_desk_and_checked_in_chinese(world, login):
    entry = LexiconEntry.objects.create(word="机密", severity="block", reason="密级标志")
    for who in ("county_admin", "a_officer", "county_leader"):
        client = login(world.people[who])
        for response in (
            client.get("/api/words/lexicon"),
            client.post("/api/words/boilerplate", {"phrase": "x"}, content_type=JSON),
            client.delete(f"/api/words/lexicon/{entry.pk}"),
        ):
            assert response.status_code == 403, who
            assert response.json() == {"detail": "只有办公室的编辑和主编可以维护审核词表。"}
    chief = login(world.county_chief)
    blank = chief.post("/api/words/boilerplate", {"phrase": "  "}, content_type=JSON)
    assert blank.status_code == 422
    assert blank.json() == {"detail": "请填写词语。", "errors": {"phrase": ["请填写词语。"]}}
    wrong = chief.post(
        "/api/words/lexicon", {"word": "秘密", "severity": "x", "reason": "r"}, content_type=JSON
    )
    assert wrong.json()["errors"] == {"severity": ["取值无效，可选值：block、warn。"]}
    assert LexiconEntry.objects.get().word == "机密"
    assert not Change.objects.filter(action__startswith="words.").exists()
