"""Messages that tell the truth: every mail links to GOVDESK_BASE_URL, and a mail the
configured backend only printed or dropped is shown as not sent, a failure as its error."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from govdesk.accounts.models import IssueBatch
from govdesk.accounts.services import accounts_issue_from_sheet, user_reset_password
from govdesk.notifications.models import DeliveryStatus, Kind
from govdesk.notifications.services import notify
from tests.accounts.test_issuance import GOOD_ROWS, sheet

CONSOLE = "django.core.mail.backends.console.EmailBackend"
SITE = "https://zwxx.example.gov.cn"

# E-mails leave through the worker, inline here.
pytestmark = pytest.mark.usefixtures("immediate_queue")


class Refusing(BaseEmailBackend):
    """A backend whose server refuses every message."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("连接被拒绝")


@pytest.fixture
def site(settings, world):
    settings.GOVDESK_BASE_URL = SITE
    world.a_officer.email = "lbg@example.gov.cn"
    world.a_officer.save(update_fields=["email"])
    return settings


@pytest.fixture
def told(django_capture_on_commit_callbacks):
    """``notify`` as a subscriber calls it: the e-mail goes once the change commits."""

    def _told(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            message = notify(**kwargs)
        return message.deliveries.get(channel="email")

    return _told


def test_notification_mail_links_to_the_configured_site(world, site, told):
    sent = told(user=world.a_officer, kind=Kind.ITEM_ADOPTED, title="被采用", url="/items/7/")
    assert sent.status == DeliveryStatus.SENT
    assert mail.outbox[-1].body.endswith(f"\n\n{SITE}/items/7/")


def test_notification_on_the_console_backend_says_it_was_not_sent(world, site, told):
    site.EMAIL_BACKEND = CONSOLE
    sent = told(user=world.a_officer, kind=Kind.ITEM_ADOPTED, title="被采用", url="/items/")
    assert sent.status == DeliveryStatus.UNSENT
    assert sent.get_status_display() == "未发送：邮件未配置"
    assert sent.last_error == "未发送：邮件未配置（只输出到控制台）"


def test_notification_mail_failure_keeps_the_error(world, site, told):
    site.EMAIL_BACKEND = "tests.notifications.test_mail_truth.Refusing"
    sent = told(user=world.a_officer, kind=Kind.ITEM_ADOPTED, title="被采用")
    assert (sent.status, sent.last_error) == (
        DeliveryStatus.RETRY,
        "邮件发送失败：连接被拒绝",
    )


def test_password_reset_mail_links_to_the_configured_site(
    world, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_reset_password(actor=world.county_admin, user=world.a_officer)
    assert f"登录地址：{SITE}/accounts/login/" in mail.outbox[-1].body


def _issue(world, capture):
    with capture(execute=True):
        report = accounts_issue_from_sheet(actor=world.county_admin, file=sheet(*GOOD_ROWS))
    report.batch.refresh_from_db()
    return report.batch


def test_issuance_on_the_console_backend_is_not_reported_as_sent(
    world, login, site, django_capture_on_commit_callbacks
):
    site.EMAIL_BACKEND = CONSOLE
    batch = _issue(world, django_capture_on_commit_callbacks)
    assert {(a["mail"], a["mail_note"]) for a in batch.accounts} == {
        (IssueBatch.MAIL_UNSENT, "未发送：邮件未配置（只输出到控制台）")
    }
    page = login(world.county_admin).get(f"/accounts/issue/{batch.pk}/").content.decode()
    assert page.count("未发送：邮件未配置（只输出到控制台）") == 4
    assert "已发送" not in page


def test_issuance_shows_each_failed_mail_with_its_error(
    world, login, site, django_capture_on_commit_callbacks
):
    site.EMAIL_BACKEND = "tests.notifications.test_mail_truth.Refusing"
    batch = _issue(world, django_capture_on_commit_callbacks)
    assert {(a["mail"], a["mail_note"]) for a in batch.accounts} == {
        (IssueBatch.MAIL_FAILED, "发送失败：连接被拒绝")
    }
    page = login(world.county_admin).get(f"/accounts/issue/{batch.pk}/").content.decode()
    assert page.count("发送失败：连接被拒绝") == 4


def test_the_message_centre_shows_what_became_of_each_mail(world, site, login, told):
    site.EMAIL_BACKEND = CONSOLE
    told(user=world.a_officer, kind=Kind.ITEM_ADOPTED, title="被采用", url="/items/")
    site.EMAIL_BACKEND = "tests.notifications.test_mail_truth.Refusing"
    told(user=world.a_officer, kind=Kind.ITEM_RETURNED, title="被退回", url="/items/")
    page = login(world.a_officer).get("/notifications/").content.decode()
    assert "邮件：未发送：邮件未配置（只输出到控制台）" in page
    assert "邮件：等待重试：邮件发送失败：连接被拒绝" in page
