"""Annotations (批示) and supervision (督办) through the API.

Rules from DOMAIN.md §5 (annotation → supervision → feedback; the office tracks open
and overdue tasks) and issue 4 §2 (working-day deadlines, on-behalf entry; "a unit
sees only its own supervision tasks")."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govdesk.annotations.models import Annotation, SupervisionTask, TaskState
from govdesk.audit.models import Change
from govdesk.lib import clock
from govdesk.units.models import Level

# Issue documents land in the test's own directory.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_storage")]

JSON = "application/json"
SHANGHAI = ZoneInfo("Asia/Shanghai")
SEPT_30 = datetime(2025, 9, 30, 10, tzinfo=SHANGHAI)


def post(client, url, data=None, **headers):
    return client.post(url, data if data is not None else {}, content_type=JSON, headers=headers)


@pytest.fixture
def annotated(world, login, adopted):
    """The county leader annotates town_a's adopted item through the API on 30 Sept 2025,
    asking town_a and the department to act within three working days."""
    item = adopted()
    with clock.frozen_at(SEPT_30):
        response = post(
            login(world.county_leader),
            f"/api/items/{item.pk}/annotations",
            {
                "text": "请城关镇和应急管理局总结经验，抓好落实。",
                "requires_action": True,
                "unit_ids": [world.town_a.pk, world.dept.pk],
                "workdays": 3,
            },
        )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_leader_annotates_and_supervision_opens_with_a_working_day_deadline(world, annotated):
    """Three working days after 30 September 2025 skip the National Day holiday (1–8
    October): 9, 10 and 11 October, a 调休 Saturday."""
    assert annotated["leader"]["username"] == "county_leader"
    assert (annotated["leader_level"], annotated["leader_level_label"]) == (Level.COUNTY, "县级")
    assert annotated["on_behalf"] is False
    assert [(t["unit"]["name"], t["deadline"]) for t in annotated["tasks"]] == [
        ("城关镇人民政府", "2025-10-11"),
        ("县应急管理局", "2025-10-11"),
    ]
    assert Change.objects.filter(action="supervision.opened").count() == 2


def test_annotations_are_listed_for_whoever_sees_the_item(world, login, annotated):
    item_id = annotated["item"]["id"]
    mine = login(world.a_officer).get(f"/api/items/{item_id}/annotations")
    assert [a["text"] for a in mine.json()] == ["请城关镇和应急管理局总结经验，抓好落实。"]
    assert login(world.b_officer).get(f"/api/items/{item_id}/annotations").status_code == 404


def test_who_may_annotate(world, login, adopted):
    item = adopted()
    url = f"/api/items/{item.pk}/annotations"
    by_editor = post(login(world.county_editor), url, {"text": "好"})
    assert by_editor.status_code == 403 and by_editor.json() == {"detail": "您不能批示这条信息。"}
    assert post(login(world.b_officer), url, {"text": "好"}).status_code == 404
    empty = post(login(world.county_leader), url, {"text": "  "})
    assert empty.status_code == 422 and empty.json()["errors"] == {"text": ["请填写批示内容。"]}
    assert Annotation.objects.count() == 0


def test_an_editor_enters_a_paper_annotation_on_behalf_once(world, login, adopted):
    item = adopted()
    editor = login(world.county_editor)
    url = f"/api/items/{item.pk}/annotations"
    incomplete = post(editor, url, {"text": "此件很好。", "on_behalf": True})
    assert incomplete.status_code == 422
    assert incomplete.json()["detail"] == "代录批示须填写领导姓名职务、层级和依据。"
    body = {
        "text": "此件很好。",
        "on_behalf": True,
        "leader_name": "省政府副省长某某",
        "leader_level": Level.PROVINCE,
        "annotated_at": "2026-05-20T09:00:00+08:00",
        "evidence": "省政府办公厅批件〔2026〕12号",
    }
    first = post(editor, url, body, **{"Idempotency-Key": "paper-12"})
    again = post(editor, url, body, **{"Idempotency-Key": "paper-12"})
    assert first.status_code == again.status_code == 201
    out = first.json()
    assert again.json()["id"] == out["id"] and Annotation.objects.count() == 1
    assert (out["leader"], out["on_behalf"], out["leader_level_label"]) == (None, True, "省级")
    assert out["entered_by"]["username"] == "county_editor"
    assert out["annotated_at"] == "2026-05-20T09:00:00+08:00"
    # Officers of the unit may not enter annotations for leaders.
    assert post(login(world.a_officer), url, body).status_code == 403


def test_a_unit_sees_only_its_own_supervision_tasks(world, login, annotated):
    """Issue 4 "Done when": a unit sees only its own supervision tasks."""
    listed = login(world.a_officer).get("/api/tasks", {"status": "all"}).json()
    assert [t["unit"]["name"] for t in listed["items"]] == ["城关镇人民政府"]
    assert login(world.b_officer).get("/api/tasks", {"status": "all"}).json()["count"] == 0
    assert login(world.county_editor).get("/api/tasks").json()["count"] == 2
    dept_task = SupervisionTask.objects.get(unit=world.dept)
    assert login(world.a_officer).get(f"/api/tasks/{dept_task.pk}").status_code == 404
    bad = login(world.a_officer).get("/api/tasks", {"status": "late"})
    assert bad.status_code == 422 and "status" in bad.json()["errors"]


def test_the_unit_feeds_back_with_a_file_and_the_office_closes(world, login, annotated):
    task = SupervisionTask.objects.get(unit=world.town_a)
    url = f"/api/tasks/{task.pk}/feedback"
    officer = login(world.a_officer)
    empty = officer.post(url, {"text": " "})
    assert empty.status_code == 422 and empty.json()["errors"] == {"text": ["请填写落实情况。"]}
    assert post(officer, f"/api/tasks/{task.pk}/close").status_code == 403  # only the office closes
    upload = ("落实情况.txt", "已召开专题会议。".encode(), "text/plain")
    with clock.frozen_at(datetime(2025, 10, 13, 9, tzinfo=SHANGHAI)):
        answered = officer.post(
            url,
            {"text": "已召开专题会议部署。", "file": SimpleUploadedFile(*upload)},
            headers={"Idempotency-Key": "fb-1"},
        )
    assert answered.status_code == 201, answered.content
    assert answered.json()["original_name"] == "落实情况.txt"
    assert Change.objects.get(action="supervision.feedback").details["late"] is True

    editor = login(world.county_editor)
    detail = editor.get(f"/api/tasks/{task.pk}").json()
    assert (detail["state_label"], detail["can_close"], detail["can_feedback"]) == (
        "已反馈",
        True,
        False,
    )
    file = editor.get(f"/api/tasks/{task.pk}/feedback/{answered.json()['id']}/file")
    assert b"".join(file.streaming_content) == "已召开专题会议。".encode()
    assert editor.post(url, {"text": "编辑代为反馈"}).status_code == 403
    closed = post(editor, f"/api/tasks/{task.pk}/close")
    assert closed.status_code == 200 and closed.json()["state"] == TaskState.CLOSED


def test_the_office_lists_overdue_tasks(world, login, annotated):
    SupervisionTask.objects.filter(unit=world.town_a).update(state=TaskState.ANSWERED)
    editor = login(world.county_editor)
    with clock.frozen_at(datetime(2025, 10, 20, 9, tzinfo=SHANGHAI)):
        overdue = editor.get("/api/tasks", {"status": "overdue"}).json()
    assert [(t["unit"]["name"], t["is_overdue"]) for t in overdue["items"]] == [
        ("县应急管理局", True)
    ]
