"""An office's alert settings through the API: read and changed by its chief editor
and administrators (``office.configure``) through ``emergencies.alerting``; a signing
secret is accepted and never returned."""

import pytest

from govdesk.audit.models import Change
from govdesk.notifications.models import Webhook

pytestmark = pytest.mark.django_db
JSON = "application/json"
SECRET = "SECdeadbeef0123456789"


def url(world, rest="alert-settings"):
    return f"/api/emergencies/offices/{world.county.pk}/{rest}"


def test_the_chief_reads_and_changes_whom_the_office_alerts(world, login):
    chief = login(world.county_chief)
    shown = chief.get(url(world)).json()
    assert (shown["office"]["name"], shown["leaders"], shown["escalate_after_minutes"]) == (
        "某县人民政府办公室",
        [],
        15,
    )
    body = {
        "leaders": [world.county_leader.pk],
        "duty_officers": [world.county_duty.pk],
        "email": False,
        "escalate_after_minutes": 10,
        "remind_before_minutes": 30,
        "follow_up_hours": 4,
    }
    changed = chief.put(url(world), body, content_type=JSON)
    assert changed.status_code == 200, changed.content
    answer = changed.json()
    assert [p["full_name"] for p in answer["leaders"]] == ["黄志强"]
    assert (answer["email"], answer["escalate_after_minutes"]) == (False, 10)
    change = Change.objects.get(action="alerts.settings_changed")
    assert change.actor == world.county_chief
    assert change.details["changes"]["leaders"] == [[], ["黄志强"]]


def test_only_the_leaders_and_duty_officers_of_the_office_may_be_chosen(world, login):
    admin = login(world.county_admin)
    wrong = admin.put(url(world), {"leaders": [world.county_editor.pk]}, content_type=JSON)
    assert wrong.status_code == 422
    assert wrong.json() == {
        "detail": "只能选择本办的领导。",
        "errors": {"leaders": ["只能选择本办的领导。"]},
    }
    unknown = admin.put(url(world), {"duty_officers": [987654]}, content_type=JSON)
    assert unknown.json()["errors"] == {"duty_officers": ["用户不存在：987654。"]}
    negative = admin.put(url(world), {"follow_up_hours": -1}, content_type=JSON)
    assert negative.json()["errors"] == {"follow_up_hours": ["不能小于 0。"]}
    assert not Change.objects.filter(action="alerts.settings_changed").exists()


@pytest.mark.parametrize("who", ["county_editor", "county_duty", "county_leader", "a_officer"])
def test_others_may_not_read_or_change_the_settings(world, login, who):
    client = login(world.people[who])
    assert client.get(url(world)).status_code == 403
    assert client.put(url(world), {}, content_type=JSON).status_code == 403
    hook = client.post(
        url(world, "webhooks"),
        {"name": "值班群", "kind": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send"},
        content_type=JSON,
    )
    assert hook.status_code == 403
    assert hook.json() == {"detail": "您没有执行此操作的权限。"}
    assert not Webhook.objects.exists()


def test_a_signing_secret_goes_in_and_never_comes_out(world, login):
    chief = login(world.county_chief)
    added = chief.post(
        url(world, "webhooks"),
        {
            "name": "值班群",
            "kind": "dingtalk",
            "url": "https://oapi.dingtalk.com/robot/send?access_token=abc",
            "secret": SECRET,
        },
        content_type=JSON,
    )
    assert added.status_code == 201, added.content
    assert added.json()["has_secret"] is True
    hook = Webhook.objects.get()
    assert hook.secret == SECRET
    for response in (added, chief.get(url(world))):
        assert SECRET not in response.content.decode()
    assert chief.get(url(world)).json()["webhooks"][0]["has_secret"] is True
    # Left out, the secret stays; an empty one clears it.
    renamed = chief.patch(
        url(world, f"webhooks/{hook.pk}"), {"name": "应急值班群"}, content_type=JSON
    )
    assert (renamed.json()["name"], renamed.json()["has_secret"]) == ("应急值班群", True)
    cleared = chief.patch(url(world, f"webhooks/{hook.pk}"), {"secret": ""}, content_type=JSON)
    assert cleared.json()["has_secret"] is False
    saved = Change.objects.filter(action="alerts.webhook_saved").order_by("id")
    assert saved[0].summary == "新增某县人民政府办公室推送通道“值班群（钉钉群机器人）”"
    assert SECRET not in str([c.details for c in saved])
    bad = chief.post(
        url(world, "webhooks"),
        {"name": "坏", "kind": "dingtalk", "url": "不是地址"},
        content_type=JSON,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"url": ["输入一个有效的 URL。"]}
    gone = chief.delete(url(world, f"webhooks/{hook.pk}"))
    assert gone.status_code == 200
    assert Change.objects.filter(action="alerts.webhook_deleted").count() == 1
    assert chief.delete(url(world, f"webhooks/{hook.pk}")).json() == {
        "detail": "推送通道不存在，或不属于该办公室。"
    }
