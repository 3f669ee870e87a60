"""三员分立: the system, security and audit administrators each do their own work only,
one person never holds two of these duties, and only the auditor reads the change log."""

import pytest
from django.core.exceptions import ValidationError

from govdesk.accounts.models import Role, User
from govdesk.accounts.services import accounts_issue_from_sheet, membership_grant
from govdesk.audit.services import record

PAGES = {
    "issue": "/accounts/issue/",  # system administrator: accounts
    "units": "/units/{county}/settings/",  # system administrator: configuration
    "security": "/accounts/security/",  # security administrator
    "audit": "/accounts/audit-log/",  # audit administrator
}
ALLOWED = {
    "county_admin": {"issue", "units"},
    "county_security": {"security"},
    "county_auditor": {"audit"},
    "county_chief": set(),
    "a_officer": set(),
}


@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_each_duty_reaches_its_own_pages_only(duties, client, who):
    client.force_login(duties.people[who])
    for name, path in PAGES.items():
        path = path.format(county=duties.county.pk)
        status = client.get(path).status_code
        if name in ALLOWED[who]:
            assert status == 200, (who, path)
        else:
            assert status in (302, 403, 404), (who, path, status)


@pytest.mark.parametrize(
    ("held", "wanted"),
    [(Role.ADMIN, Role.SECURITY), (Role.SECURITY, Role.AUDITOR), (Role.AUDITOR, Role.ADMIN)],
)
def test_one_person_never_holds_two_duties(duties, held, wanted):
    person = {
        Role.ADMIN: duties.county_admin,
        Role.SECURITY: duties.county_security,
        Role.AUDITOR: duties.county_auditor,
    }[held]
    with pytest.raises(ValidationError) as error:
        membership_grant(actor=None, user=person, unit=duties.county, role=wanted)
    assert error.value.messages == [
        "系统管理员、安全管理员、安全审计员须由不同的人担任（三员分立）："
        f"此人已是“{Role(held).label}”，不能再担任“{Role(wanted).label}”。"
    ]


def test_the_auditor_filters_the_log_by_actor_action_and_date(duties, client):
    def line(actor, action, summary):
        record(actor=actor, action=action, target=None, summary=summary)

    line(duties.a_officer, "account.password_changed", "改密甲")
    line(duties.b_officer, "account.login", "登录乙")
    line(None, "account.login_failed", "失败丁")
    line(duties.city_editor, "account.login", "市里丙")
    client.force_login(duties.county_auditor)
    page = client.get("/accounts/audit-log/").content.decode()
    assert "改密甲" in page and "登录乙" in page and "失败丁" in page
    assert "市里丙" not in page  # the city office's people are outside the county's tree
    assert "<td>密码</td>" in page and "account.password_changed" not in page
    page = client.get("/accounts/audit-log/", {"actor": "a_officer"}).content.decode()
    assert "改密甲" in page and "登录乙" not in page
    page = client.get("/accounts/audit-log/", {"action": "account.login"}).content.decode()
    assert "登录乙" in page and "失败丁" not in page and "改密甲" not in page
    page = client.get("/accounts/audit-log/", {"since": "2000-01-01", "until": "2000-01-02"})
    assert "没有符合条件的记录。" in page.content.decode()
    bad = client.get("/accounts/audit-log/", {"since": "昨天"}).content.decode()
    assert "起始日期：输入一个有效的日期。" in bad


def test_nobody_edits_the_log_in_the_admin(duties, client, admin_user):
    client.force_login(duties.county_admin)
    # The admin site is for superusers only: an office administrator is sent to its login.
    assert client.get("/admin/audit/change/").status_code == 302
    change = record(actor=duties.a_officer, action="account.login", target=None, summary="登录")
    client.force_login(admin_user)
    assert client.get("/admin/audit/change/").status_code == 200
    assert client.get(f"/admin/audit/change/{change.pk}/delete/").status_code == 403
    response = client.post(f"/admin/audit/change/{change.pk}/change/", {"summary": "改过"})
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.summary == "登录"


def test_an_issuance_sheet_cannot_give_one_person_two_duties(duties):
    from tests.accounts.test_issuance import person, sheet

    row = person(
        "某县人民政府办公室",
        "某市人民政府办公室",
        "政府办公室",
        "褚一",
        "chuyi",
        "管理员、安全审计员",
        email="chuyi@example.gov.cn",
    )
    report = accounts_issue_from_sheet(actor=duties.county_admin, file=sheet(row))
    assert report.batch is None
    assert [p.message for p in report.problems] == [
        "系统管理员、安全管理员、安全审计员须由不同的人担任（三员分立）："
        "此人已是“管理员”，不能再担任“安全审计员”。"
    ]


def test_the_admin_site_cannot_give_one_person_two_duties(duties, client, admin_user):
    from tests.units.test_admin_scoping import inline_management

    data = {
        "username": "chuyi",
        "full_name": "褚一",
        "email": "chuyi@example.gov.cn",
        "phone": "",
        **inline_management("memberships", 2),
    }
    for i, role in enumerate((Role.ADMIN, Role.SECURITY)):
        data |= {
            f"memberships-{i}-unit": duties.county.pk,
            f"memberships-{i}-role": role,
            f"memberships-{i}-is_active": "on",
        }
    client.force_login(admin_user)  # the admin site is for superusers only
    response = client.post("/admin/accounts/user/add/", data)
    assert response.status_code == 200
    assert "此人已是“管理员”，不能再担任“安全管理员”。" in response.content.decode()
    assert not User.objects.filter(username="chuyi").exists()
