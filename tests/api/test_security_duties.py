"""The 三员分立 duties through the API, for the same people as the pages: the security
administrator unlocks user names and resets two-factor devices; the audit
administrator reads the change log, which no endpoint changes. Others get 403."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from govdesk.audit.models import Change
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
JSON = "application/json"
OTHERS = ["county_admin", "county_chief", "a_officer", "other_admin"]


def lock(client, username):
    for _ in range(5):
        client.post("/accounts/login/", {"username": username, "password": "Wrong#2026"})


def test_the_security_administrator_unlocks_a_user_name(offices, client):
    lock(client, "a_officer")
    client.force_login(offices.county_security)
    assert client.get("/api/security/locked").json() == [{"username": "a_officer"}]
    response = client.post("/api/security/unlock", {"username": "a_officer"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["username"] == "a_officer"
    unlocked = Change.objects.get(action="account.unlocked")
    assert (unlocked.actor, unlocked.summary) == (
        offices.county_security,
        "解除用户名“a_officer”的登录锁定",
    )
    assert client.get("/api/security/locked").json() == []
    client.logout()
    assert (
        client.post("/accounts/login/", {"username": "a_officer", "password": PASSWORD}).status_code
        == 302
    )
    client.force_login(offices.county_security)
    blank = client.post("/api/security/unlock", {"username": ""}, content_type=JSON)
    assert blank.status_code == 422
    assert blank.json()["errors"] == {"username": ["长度不能少于 1 个字符。"]}


def test_the_security_administrator_resets_a_device(offices, login):
    TOTPDevice.objects.create(user=offices.county_chief, name="手机", confirmed=True)
    security = login(offices.county_security)
    people = security.get("/api/security/people", {"q": "county_chief"}).json()
    assert [(p["username"], p["has_device"]) for p in people["items"]] == [("county_chief", True)]
    reset = security.post(f"/api/security/people/{offices.county_chief.pk}/reset-otp")
    assert reset.status_code == 200, reset.content
    assert reset.json()["devices_removed"] == 1
    assert not TOTPDevice.objects.exists()
    change = Change.objects.get(action="account.otp_reset")
    assert (change.actor, change.summary) == (
        offices.county_security,
        "重置刘伟（county_chief）的动态口令设备",
    )
    # Someone of another county's tree is not the county's security administrator's.
    other = security.post(f"/api/security/people/{offices.other_admin.pk}/reset-otp")
    assert other.status_code == 404
    assert other.json() == {"detail": "人员不存在，或不在您负责安全管理的单位。"}


@pytest.mark.parametrize("who", [*OTHERS, "county_auditor"])
def test_no_one_else_unlocks_or_resets(offices, login, who):
    TOTPDevice.objects.create(user=offices.county_chief, name="手机", confirmed=True)
    client = login(offices.people[who])
    for response in (
        client.get("/api/security/locked"),
        client.get("/api/security/people"),
        client.post("/api/security/unlock", {"username": "a_officer"}, content_type=JSON),
        client.post(f"/api/security/people/{offices.county_chief.pk}/reset-otp"),
    ):
        assert response.status_code == 403, who
        assert response.json() == {"detail": "只有安全管理员可以解除锁定和重置动态口令。"}
    assert TOTPDevice.objects.count() == 1
    assert not Change.objects.filter(action__in=["account.unlocked", "account.otp_reset"]).exists()


def test_the_auditor_reads_the_change_log_filtered_and_paged(offices, login):
    auditor = login(offices.county_auditor)
    login(offices.county_editor).post(
        "/api/words/boilerplate", {"phrase": "高度重视"}, content_type=JSON
    )
    auditor = login(offices.county_auditor)
    page = auditor.get("/api/audit/changes", {"page_size": 2}).json()
    assert page["count"] > 2 and len(page["items"]) == 2
    assert page["items"][0]["id"] > page["items"][1]["id"]  # newest first
    mine = auditor.get("/api/audit/changes", {"actor": "county_editor", "action": "words."})
    rows = mine.json()["items"]
    assert [(r["summary"], r["action_label"], r["actor"]["full_name"]) for r in rows] == [
        ("新增套话词表“高度重视”", "审核词表", "陈静")
    ]
    assert rows[0]["target_type"] == "quality.boilerplate"
    none_yet = auditor.get("/api/audit/changes", {"until": "2000-01-01"}).json()
    assert none_yet["count"] == 0
    wrong = auditor.get("/api/audit/changes", {"action": "delete"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"]["action"][0].startswith("取值无效，可选值：")


def test_nobody_can_change_the_log_and_only_the_auditor_reads_it(offices, login):
    auditor = login(offices.county_auditor)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(auditor, method)("/api/audit/changes", {}, content_type=JSON)
        assert response.status_code == 405, method
        assert response.json() == {"detail": f"该接口不支持 {method.upper()} 请求。"}
    for who in [*OTHERS, "county_security"]:
        refused = login(offices.people[who]).get("/api/audit/changes")
        assert refused.status_code == 403, who
        assert refused.json() == {"detail": "只有审计员可以查阅变更记录。"}
