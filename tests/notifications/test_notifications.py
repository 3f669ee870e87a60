from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from govdesk.annotations import services as annotation_services
from govdesk.items import services as item_services
from govdesk.lib import clock
from govdesk.notifications.models import Delivery, Kind, MailPreference
from govdesk.notifications.reminders import send_reminders
from govdesk.notifications.selectors import unread_count
from govdesk.notifications.services import notify
from govdesk.notifications.tasks import reminders
from govdesk.solicitations import services as solicitation_services

SHANGHAI = ZoneInfo("Asia/Shanghai")

# E-mails leave through the worker, inline here.
pytestmark = pytest.mark.usefixtures("immediate_queue")


def _kinds(user):
    inbox = Delivery.objects.filter(user=user, channel="inapp")
    return list(inbox.values_list("message__kind", flat=True))


def test_return_adoption_and_annotation_reach_the_writer(
    world, adopted, django_capture_on_commit_callbacks
):
    world.a_officer.email = "a@example.cn"
    world.a_officer.save()
    item = world.submitted()
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_transition(
            item_id=item.pk, action="return", actor=world.county_editor, reason="请补充数据"
        )
    assert _kinds(world.a_officer) == [Kind.ITEM_RETURNED]
    assert mail.outbox[-1].to == ["a@example.cn"] and "退回" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        item = adopted(title="城关镇完成夏收")
        annotation_services.annotation_create(
            actor=world.county_leader, item_id=item.pk, text="很好", requires_action=True
        )
    kinds = set(_kinds(world.a_officer))
    assert {Kind.ITEM_ADOPTED, Kind.ITEM_ANNOTATED, Kind.SUPERVISION} <= kinds
    assert Kind.SUPERVISION in _kinds(world.a_reviewer)  # the unit's signer hears too
    assert unread_count(world.a_officer) == len(_kinds(world.a_officer))


def test_nothing_is_sent_before_the_change_commits(world, django_capture_on_commit_callbacks):
    item = world.submitted()
    with django_capture_on_commit_callbacks() as on_commit:
        item_services.item_transition(
            item_id=item.pk, action="return", actor=world.county_editor, reason="请补充"
        )
    assert not Delivery.objects.exists()
    for callback in on_commit:  # the commit happens
        callback()
    assert _kinds(world.a_officer) == [Kind.ITEM_RETURNED]


def test_opted_out_kinds_are_not_mailed(world, django_capture_on_commit_callbacks):
    world.a_officer.email = "a@example.cn"
    world.a_officer.save()
    MailPreference.objects.create(user=world.a_officer, kind=Kind.ITEM_ADOPTED)
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=world.a_officer, kind=Kind.ITEM_ADOPTED, title="被采用")
    assert list(note.deliveries.values_list("channel", flat=True)) == ["inapp"]
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=world.a_officer, kind=Kind.ITEM_RETURNED, title="被退回")
    assert len(mail.outbox) == 1


def test_reminders_go_out_once_before_deadlines(world, adopted, django_capture_on_commit_callbacks):
    start = datetime(2025, 6, 2, 9, tzinfo=SHANGHAI)
    with clock.frozen_at(start), django_capture_on_commit_callbacks(execute=True):
        solicitation_services.solicitation_create(
            actor=world.county_editor,
            office=world.county,
            topic="夏粮收购",
            requirements="",
            deadline=start + timedelta(hours=20),
            unit_ids=[world.town_b.pk],
        )
        annotation_services.annotation_create(
            actor=world.county_leader,
            item_id=adopted().pk,
            text="请落实",
            requires_action=True,
            workdays=1,
        )
    assert Kind.SOLICITATION in _kinds(world.b_officer)
    with clock.frozen_at(start):
        send_reminders()
        reminders.call_local()  # the worker's scheduled run sends nothing twice
    assert _kinds(world.b_officer).count(Kind.SOLICITATION_DUE) == 1
    assert _kinds(world.a_officer).count(Kind.SUPERVISION_DUE) == 1
    with clock.frozen_at(start + timedelta(days=5)):
        send_reminders()
    assert Kind.SUPERVISION_OVERDUE in _kinds(world.a_officer)
    assert Kind.SUPERVISION_OVERDUE in _kinds(world.county_editor)


def test_notification_centre_page(world, login):
    notify(user=world.a_officer, kind=Kind.ITEM_ADOPTED, title="《防汛》被采用", url="/items/")
    client = login(world.a_officer)
    page = client.get("/notifications/").content.decode()
    assert "《防汛》被采用" in page and "未读" in page
    note = Delivery.objects.get(channel="inapp")
    assert client.post(f"/notifications/{note.pk}/open/").url == "/items/"
    assert unread_count(world.a_officer) == 0
    assert login(world.b_officer).post(f"/notifications/{note.pk}/open/").status_code == 404


def test_the_worker_sends_reminders_every_ten_minutes():
    schedule = reminders.task_class()
    assert schedule.validate_datetime(datetime(2025, 6, 2, 9, 10))
    assert not schedule.validate_datetime(datetime(2025, 6, 2, 9, 5))
