"""配置管理 for emergencies: an office's alert settings (whom, by e-mail or not, its
robots) with a test send, and the duty roster entered a week or a month at a time,
copied from the previous period."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from govdesk.accounts.models import Role
from govdesk.accounts.services import membership_grant
from govdesk.audit.models import Change
from govdesk.emergencies import duty, services
from govdesk.emergencies.alerting import alert_settings_update, webhook_save
from govdesk.emergencies.models import DutyRoster
from govdesk.notifications.models import Webhook
from govdesk.notifications.receivers import WebhookReceiver
from tests.conftest import make_user


@pytest.fixture
def chief(world):
    membership_grant(actor=None, user=world.county_chief, unit=world.county, role=Role.CHIEF)
    return world.county_chief


def settings_data(**overrides) -> dict:
    data = {
        "form": "settings",
        "email": "on",
        "escalate_after_minutes": 15,
        "remind_before_minutes": 60,
        "follow_up_hours": 6,
    }
    data.update(overrides)
    return data


def test_the_office_chooses_whom_to_alert_and_turns_e_mail_off(world, chief, login):
    second = make_user("county_duty2", "冯雪", [(world.county, Role.DUTY)])
    client = login(chief)
    url = f"/emergencies/alerts/{world.county.pk}/"
    assert client.get("/emergencies/alerts/").url == url  # one office: straight to it
    data = settings_data(leaders=[world.county_leader.pk], duty_officers=[second.pk])
    data.pop("email")
    assert client.post(url, data).status_code == 302
    assert {u.pk for u in services.watchers(world.county)} == {world.county_leader.pk, second.pk}
    assert services.office_settings(world.county).email is False
    change = Change.objects.get(action="alerts.settings_changed", actor=chief)
    assert change.details["changes"]["duty_officers"] == [[], ["冯雪"]]
    assert change.details["changes"]["email"] == [True, False]


def test_no_duty_officer_chosen_alerts_them_all(world):
    second = make_user("county_duty2", "冯雪", [(world.county, Role.DUTY)])
    assert {u.pk for u in services.watchers(world.county)} == {world.county_duty.pk, second.pk}


def test_only_the_offices_own_leaders_may_be_chosen(world, chief):
    with pytest.raises(ValidationError) as error:
        alert_settings_update(
            actor=chief,
            office=world.county,
            leaders=[world.a_officer],
            duty_officers=[],
            email=True,
        )
    assert error.value.message_dict == {"leaders": ["只能选择本办的领导。"]}


def test_a_robot_is_added_tested_and_deleted(world, chief, login):
    client = login(chief)
    base = f"/emergencies/alerts/{world.county.pk}/"
    with WebhookReceiver() as receiver:
        data = {"form": "webhook", "name": "县值班群", "kind": "json", "url": receiver.url}
        data["is_active"] = "on"
        assert client.post(base, data).status_code == 302
        hook = Webhook.objects.get(office=world.county)
        page = client.post(f"{base}test/", {"webhook": hook.pk}, follow=True).content.decode()
        assert "测试发送至县值班群（通用推送地址（JSON 格式））：对方已接收" in page
        assert receiver.inbox.wait_for(1, timeout=5)
    tested = Change.objects.get(action="alerts.tested", actor=chief)
    assert tested.summary.endswith("对方已接收")
    client.post(f"{base}webhooks/{hook.pk}/delete/")
    assert not Webhook.objects.exists()
    assert Change.objects.filter(action="alerts.webhook_deleted", actor=chief).exists()


def test_a_robot_that_refuses_is_reported_as_failed(world, chief, login):
    with WebhookReceiver(fail=True) as receiver:
        hook = webhook_save(
            actor=chief, office=world.county, name="坏群", kind="json", url=receiver.url
        )
        page = (
            login(chief)
            .post(f"/emergencies/alerts/{world.county.pk}/test/", {"webhook": hook.pk}, follow=True)
            .content.decode()
        )
    assert "测试发送至坏群（通用推送地址（JSON 格式））：失败：推送地址调用失败" in page


def test_a_test_e_mail_goes_to_those_alerted_with_an_address(world, chief, login):
    world.county_duty.email = "duty@county.example"
    world.county_duty.save()
    page = (
        login(chief)
        .post(f"/emergencies/alerts/{world.county.pk}/test/", follow=True)
        .content.decode()
    )
    assert "测试发送至郑浩（duty@county.example）：已交邮件服务器发出" in page
    assert mail.outbox[0].to == ["duty@county.example"]
    assert mail.outbox[0].subject == "【测试】紧急信息提醒通道测试"


def test_a_robot_address_must_be_an_address(world, chief, login):
    data = {"form": "webhook", "name": "群", "kind": "dingtalk", "url": "钉钉群", "is_active": "on"}
    page = login(chief).post(f"/emergencies/alerts/{world.county.pk}/", data).content.decode()
    assert "输入一个有效的 URL。" in page
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("who", ["county_duty", "county_editor", "county_leader", "a_officer"])
def test_others_may_not_change_alert_settings(world, login, who):
    client = login(world.people[who])
    assert client.get("/emergencies/alerts/").status_code == 403
    url = f"/emergencies/alerts/{world.county.pk}/"
    assert client.post(url, settings_data(email="")).status_code in (403, 404)
    assert services.office_settings(world.county).email is True


def test_a_week_is_entered_at_once_and_copied_to_the_next(world, login):
    client = login(world.county_duty)
    monday = date(2026, 7, 6)
    url = f"/emergencies/duty/rosters/?unit={world.county.pk}&period=week&start=2026-07-08"
    form = {"form-TOTAL_FORMS": "7", "form-INITIAL_FORMS": "7"}
    for n in range(7):
        day = date(2026, 7, 6 + n)
        form.update({f"form-{n}-day": day, f"form-{n}-leader": "黄志强" if n % 2 else "李明"})
        form.update({f"form-{n}-officer": "郑浩", f"form-{n}-phone": "0000-6120110"})
    assert client.post(url, form).status_code == 302
    assert DutyRoster.objects.filter(unit=world.county, day__gte=monday).count() == 7
    assert Change.objects.filter(action="duty.roster", actor=world.county_duty).count() == 7
    copied = client.get(
        f"/emergencies/duty/rosters/?unit={world.county.pk}&period=week&start=2026-07-13&copy=1"
    )
    rows = copied.context["formset"].initial
    assert rows[0]["day"] == date(2026, 7, 13)
    assert [r["leader"] for r in rows] == ["李明", "黄志强"] * 3 + ["李明"]
    assert "核对后保存才生效" in copied.content.decode()
    assert DutyRoster.objects.filter(day__gte=date(2026, 7, 13)).count() == 0


def test_a_half_filled_day_is_refused_in_words(world, login):
    url = f"/emergencies/duty/rosters/?unit={world.county.pk}&period=week&start=2026-07-06"
    form = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-day": "2026-07-06"}
    form["form-0-leader"] = "黄志强"
    page = login(world.county_duty).post(url, form).content.decode()
    assert "请填写带班领导、值班员和值班电话，或整行留空。" in page
    assert not DutyRoster.objects.exists()


def test_a_month_copies_the_same_date_of_the_month_before():
    days = duty.period_days(period="month", start=date(2026, 3, 15))
    assert days[0] == date(2026, 3, 1) and len(days) == 31
    assert duty.previous_day(date(2026, 3, 5), period="month") == date(2026, 2, 5)
    assert duty.previous_day(date(2026, 3, 30), period="month") is None  # February is short
    assert duty.previous_day(date(2026, 3, 30), period="week") == date(2026, 3, 23)


def test_roster_fill_keeps_each_unit_to_its_own_people(world):
    rows = [{"day": date(2026, 7, 6), "leader": "王明", "officer": "刘强", "phone": "1"}]
    with pytest.raises(PermissionDenied):
        duty.roster_fill(actor=world.b_officer, unit=world.town_a, rows=rows)
    assert duty.roster_fill(actor=world.a_officer, unit=world.town_a, rows=rows) == 1
    assert duty.roster_fill(actor=world.a_officer, unit=world.town_a, rows=rows) == 0
