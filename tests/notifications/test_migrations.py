"""The session-5 data migrations carry rows of the old shape into the one pipeline,
on SQLite and on PostgreSQL: emergencies 0005 (each alert ``Notification`` becomes an
``EventMessage`` under the same id, deliveries and in-app alerts pointing at it) and
notifications 0006 (each inbox ``Notification`` becomes a message with an in-app
delivery and, if it was mailed, an e-mail delivery with the mail's result).

Both are irreversible, so the test database cannot go back: a scratch database is
migrated up to the state before them, given old rows, and migrated forward. It
stands in as "default" meanwhile, since the migrations' code writes through the
default alias."""

from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend

BEFORE = [
    ("emergencies", "0004_delivery_status_unsent_mail"),
    ("notifications", "0004_kind_supervision_urged"),
]
AFTER = [
    ("emergencies", "0006_deliveries_move_to_notifications"),
    ("notifications", "0006_pipeline_moves_down"),
]
AT = datetime(2026, 5, 4, 8, 30, tzinfo=UTC)


@contextmanager
def scratch_database(tmp_path):
    """A second, empty database of the same engine as the test database, as the
    "default" connection until the block ends."""
    default = connections["default"]
    config = dict(default.settings_dict)
    postgres = default.vendor == "postgresql"
    if postgres:
        config["NAME"] = f"{default.settings_dict['NAME']}_scratch"
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    else:
        config["NAME"] = str(tmp_path / "scratch.sqlite3")
    scratch = load_backend(config["ENGINE"]).DatabaseWrapper(config, "default")
    connections["default"] = scratch
    try:
        yield scratch
    finally:
        scratch.close()
        connections["default"] = default
        if postgres:
            with default.cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{config["NAME"]}"')


def migrate(connection, targets):
    """Migrate ``connection`` to ``targets`` through the migrations themselves (an empty
    database would otherwise take the squashes that replace them, which start after
    them); the models as they stood there."""
    executor = MigrationExecutor(connection)
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def old_rows(apps) -> dict:
    """Rows as the code before session 5 wrote them: an emergency alert with an
    in-app alert and two deliveries, and three inbox notices (read, mailed, one whose
    mail was still being sent)."""
    Unit = apps.get_model("units", "Unit")
    User = apps.get_model("accounts", "User")
    office = Unit.objects.create(
        path="0001", depth=1, name="演练县人民政府办公室", kind="office", level=20, name_pinyin="y"
    )
    town = Unit.objects.create(
        path="00010001", depth=2, name="演练镇人民政府", kind="township", name_pinyin="y"
    )
    duty = User.objects.create(
        username="duty", full_name="值班员", name_pinyin="z", email="duty@drill.gov.cn"
    )
    officer = User.objects.create(username="officer", full_name="报送员", name_pinyin="b")
    event = apps.get_model("emergencies", "Event").objects.create(
        office=office,
        unit=town,
        title="东河村山洪",
        category="natural",
        place="东河村",
        occurred_at=AT,
        learned_at=AT,
        report_due_at=AT,
    )
    alert = apps.get_model("emergencies", "Notification").objects.create(
        pk=41, event=event, reason="report", subject="【紧急信息】东河村山洪", text="冲毁村道"
    )
    apps.get_model("emergencies", "Alert").objects.create(notification=alert, recipient=duty)
    Delivery = apps.get_model("emergencies", "Delivery")
    Delivery.objects.create(
        notification=alert, channel="email", target=duty.email, key="govdesk-41-a", status="sent"
    )
    Delivery.objects.create(
        notification=alert, channel="json", target="http://127.0.0.1/hook", key="govdesk-41-b"
    )
    Notice = apps.get_model("notifications", "Notification")
    Notice.objects.create(
        user=officer, kind="item_returned", title="信息被退回", url="/items/1/", read_at=AT
    )
    Notice.objects.create(user=duty, kind="item_adopted", title="信息被采用", mail="sent")
    Notice.objects.create(
        user=duty, kind="supervision", title="收到批示督办", key="sv-7", mail="pending"
    )
    return {"event": event.pk, "duty": duty.pk, "officer": officer.pk}


@pytest.mark.django_db(transaction=True)
def test_old_alerts_and_inbox_notices_are_carried_into_the_one_pipeline(tmp_path):
    with scratch_database(tmp_path) as connection:
        ids = old_rows(migrate(connection, BEFORE))
        apps = migrate(connection, AFTER)

        EventMessage = apps.get_model("emergencies", "EventMessage")
        message = EventMessage.objects.get()
        assert (message.pk, message.event_id, message.subject, message.kind) == (
            41,
            ids["event"],
            "【紧急信息】东河村山洪",
            "emergency",
        )
        assert message.data["event"] == {
            "id": ids["event"],
            "title": "东河村山洪",
            "unit": "演练镇人民政府",
        }
        Alert = apps.get_model("emergencies", "Alert")
        assert list(Alert.objects.values_list("message_id", "recipient_id")) == [(41, ids["duty"])]
        Delivery = apps.get_model("notifications", "Delivery")
        assert sorted(
            Delivery.objects.filter(message_id=41).values_list("key", "channel", "status")
        ) == [("govdesk-41-a", "email", "sent"), ("govdesk-41-b", "json", "pending")]

        inbox = Delivery.objects.exclude(message_id=41).order_by("pk")
        assert [(d.message.subject, d.channel, d.user_id, d.status) for d in inbox] == [
            ("信息被退回", "inapp", ids["officer"], "sent"),
            ("信息被采用", "inapp", ids["duty"], "sent"),
            ("信息被采用", "email", ids["duty"], "sent"),
            ("收到批示督办", "inapp", ids["duty"], "sent"),
            ("收到批示督办", "email", ids["duty"], "failed"),
        ]
        assert inbox[0].read_at == AT and inbox[0].message.url == "/items/1/"
        assert inbox[3].key == f"sv-7@{ids['duty']}"  # a reminder's key still sends it once
        assert inbox[4].last_error == "升级前未确认是否发出"
        # Ids were given to the messages: the next one is numbered past them.
        Message = apps.get_model("notifications", "Message")
        assert Message.objects.create(kind="test", subject="测试").pk > 41
