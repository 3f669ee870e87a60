import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from govdesk.annotations import services
from govdesk.annotations.models import SupervisionTask, TaskState
from govdesk.annotations.selectors import task_list
from govdesk.audit.models import Change
from govdesk.lib import clock
from govdesk.notifications.models import Delivery, Kind
from govdesk.scoring.models import LedgerLine
from govdesk.scoring.services import scheme_install_preset
from govdesk.units.models import Level

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Scanned annotations and issue documents land in the test's own directory.
pytestmark = pytest.mark.usefixtures("media_storage")


@pytest.fixture
def annotated(world, adopted, released):
    """A leader's annotation asking town_a and the department to act, on 30 Sept 2025."""
    item = adopted()
    released(item)
    with clock.frozen_at(datetime(2025, 9, 30, 10, tzinfo=SHANGHAI)):
        return services.annotation_create(
            actor=world.county_leader,
            item_id=item.pk,
            text="请城关镇和应急管理局总结经验，抓好落实。",
            requires_action=True,
            unit_ids=[world.town_a.pk, world.dept.pk],
            workdays=3,
        )


def test_annotation_is_recorded_for_scoring_and_opens_supervision(world, annotated):
    assert annotated.leader == world.county_leader
    assert annotated.leader_level == Level.COUNTY and not annotated.on_behalf
    change = Change.objects.get(action="annotation.created")
    assert change.target_id == annotated.pk and change.details["unit_id"] == world.town_a.pk
    tasks = SupervisionTask.objects.order_by("unit__path")
    assert [t.unit for t in tasks] == [world.town_a, world.dept]
    # Three working days after 30 September 2025: 9, 10, 11 (a 调休 Saturday) October.
    assert {t.deadline.isoformat() for t in tasks} == {"2025-10-11"}
    assert Change.objects.filter(action="supervision.opened").count() == 2


def test_unit_feeds_back_and_office_closes(world, annotated):
    task = annotated.tasks.get(unit=world.town_a)
    upload = SimpleUploadedFile("落实情况.txt", "已召开专题会议。".encode())
    with clock.frozen_at(datetime(2025, 10, 13, 9, tzinfo=SHANGHAI)):
        services.feedback_add(
            actor=world.a_officer, task_id=task.pk, text="已召开专题会议部署。", upload=upload
        )
    task.refresh_from_db()
    assert task.state == TaskState.ANSWERED
    assert Change.objects.get(action="supervision.feedback").details["late"] is True
    with pytest.raises(PermissionDenied):
        services.task_close(actor=world.a_officer, task_id=task.pk)
    services.task_close(actor=world.county_editor, task_id=task.pk)
    task.refresh_from_db()
    assert task.state == TaskState.CLOSED


def test_feedback_files_pass_the_attachment_intake_and_the_text_survives(world, annotated, login):
    """A program renamed to .jpg is refused with a Chinese reason; the typed text stays."""
    task = annotated.tasks.get(unit=world.town_a)
    disguised = SimpleUploadedFile("现场照片.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200)
    with pytest.raises(ValidationError) as refused:
        services.feedback_add(
            actor=world.a_officer, task_id=task.pk, text="已整改。", upload=disguised
        )
    assert "实际内容是 exe 类型文件，系统不接收" in refused.value.message_dict["file"][0]
    disguised.seek(0)
    page = login(world.a_officer).post(
        f"/annotations/supervision/{task.pk}/",
        {"text": "已召开专题会议部署整改。", "file": disguised, "request_key": str(uuid.uuid4())},
    )
    assert page.status_code == 200
    assert "已召开专题会议部署整改。" in page.text and "系统不接收此类文件" in page.text
    task.refresh_from_db()
    assert task.state == TaskState.OPEN and not task.feedback.exists()


def test_a_unit_sees_only_its_own_supervision_tasks(world, annotated, login):
    mine = task_list(viewer=world.a_officer, status="all")
    assert [t.unit for t in mine] == [world.town_a]
    assert task_list(viewer=world.b_officer, status="all").count() == 0
    assert task_list(viewer=world.county_editor, status="all").count() == 2
    dept_task = annotated.tasks.get(unit=world.dept)
    assert (
        login(world.a_officer).get(f"/annotations/supervision/{dept_task.pk}/").status_code == 404
    )
    with pytest.raises(Http404):
        services.feedback_add(actor=world.b_officer, task_id=dept_task.pk, text="越权反馈")


def test_overdue_tasks_are_listed(world, annotated):
    with clock.frozen_at(datetime(2025, 10, 20, 9, tzinfo=SHANGHAI)):
        assert task_list(viewer=world.county_editor, status="overdue").count() == 2


def test_editor_enters_a_paper_annotation_on_behalf(world, adopted):
    item = adopted()
    annotation = services.annotation_create(
        actor=world.county_editor,
        item_id=item.pk,
        text="此件很好。",
        on_behalf=True,
        leader_name="省政府副省长某某",
        leader_level=Level.PROVINCE,
        evidence="省政府办公厅批件〔2025〕12号",
    )
    assert annotation.on_behalf and annotation.leader is None
    assert annotation.entered_by == world.county_editor
    with pytest.raises(PermissionDenied):
        services.annotation_create(
            actor=world.a_officer,
            item_id=item.pk,
            text="x",
            on_behalf=True,
            leader_name="某",
            leader_level=Level.COUNTY,
            evidence="x",
        )


def test_only_leaders_who_see_the_item_annotate(world, adopted):
    item = adopted()
    with pytest.raises(PermissionDenied):
        services.annotation_create(actor=world.county_editor, item_id=item.pk, text="好")
    draft = world.draft()
    with pytest.raises(PermissionDenied):
        services.annotation_create(actor=world.county_leader, item_id=draft.pk, text="好")


def test_annotation_adds_its_bonus_through_the_scoring_ledger(world, adopted, released):
    """The scoring app follows ``annotation.created``; this checks the two meet."""
    scheme_install_preset(actor=None, office=world.county, year=2026, preset="county")
    with clock.frozen_at(datetime(2026, 3, 10, 10, tzinfo=SHANGHAI)):
        item = adopted()
        released(item)
        annotation = services.annotation_create(
            actor=world.county_leader, item_id=item.pk, text="很好，请推广。"
        )
    line = LedgerLine.objects.get(annotation=annotation)
    assert line.unit == world.town_a and line.points > 0


def test_the_office_urges_a_unit_through_the_page_and_the_unit_is_told(
    world, annotated, login, django_capture_on_commit_callbacks
):
    task = SupervisionTask.objects.get(annotation=annotated, unit=world.town_a)
    url = f"/annotations/supervision/{task.pk}/urge/"
    assert login(world.a_officer).post(url).status_code == 403  # the unit cannot urge itself
    with django_capture_on_commit_callbacks(execute=True):
        page = login(world.county_editor).post(url, {"confirmed": "1"}, follow=True)
    assert f"已催办，已提醒{world.town_a}。" in page.content.decode()
    told = Delivery.objects.filter(channel="inapp", message__kind=Kind.SUPERVISION_URGED)
    assert {d.user.pk for d in told} == {world.a_officer.pk, world.a_reviewer.pk}
    assert all(d.message.subject.startswith("催办：请尽快反馈批示落实情况") for d in told)
    change = Change.objects.get(action="supervision.urged")
    assert change.actor == world.county_editor and change.summary.startswith(f"催办{world.town_a}")

    services.feedback_add(actor=world.a_officer, task_id=task.pk, text="已落实。")
    page = login(world.county_editor).post(url, {"confirmed": "1"}, follow=True)
    assert "只能催办尚未反馈的督办。" in page.content.decode()
    assert Change.objects.filter(action="supervision.urged").count() == 1
