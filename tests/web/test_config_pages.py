"""配置管理: the list shows each person the settings pages their roles open; holidays,
word lists and unit categories are changed there through audited services; every
select's blank choice reads 请选择."""

from datetime import date

import pytest

from govdesk.accounts.models import Role, User
from govdesk.accounts.services import membership_grant
from govdesk.audit.models import Change
from govdesk.core.calendar import deadline_after
from govdesk.core.models import CalendarDay
from govdesk.quality.checks import Draft, run_checks
from govdesk.quality.models import Boilerplate, LexiconEntry
from govdesk.units.models import UnitCategory

TITLES = [
    "考核方案与目标",
    "紧急信息提醒",
    "值班排班",
    "节假日安排",
    "审核词表",
    "单位",
    "人员与角色",
]
ADMIN_ONLY = {"节假日安排", "单位", "人员与角色"}


def grant(world, who, role):
    membership_grant(actor=None, user=world.people[who], unit=world.county, role=role)


@pytest.mark.parametrize(
    "who, role, shown",
    [
        ("county_admin", Role.ADMIN, set(TITLES) - {"审核词表"}),
        ("county_chief", Role.CHIEF, set(TITLES) - ADMIN_ONLY),
        ("county_editor", Role.EDITOR, {"值班排班", "审核词表"}),
        ("county_duty", Role.DUTY, {"值班排班"}),
        ("a_officer", None, {"值班排班"}),
    ],
)
def test_each_role_sees_the_settings_it_may_change(world, login, who, role, shown):
    if role:
        grant(world, who, role)
    page = login(world.people[who]).get("/config/").content.decode()
    assert {t for t in TITLES if f"<h2>{t}</h2>" in page} == shown
    assert "系统后台" not in page


@pytest.mark.parametrize("who", ["a_reviewer", "county_leader", "outsider"])
def test_those_with_nothing_to_configure_get_no_entry(world, login, who):
    client = login(world.people[who])
    assert client.get("/config/").status_code == 403
    assert 'href="/config/"' not in client.get("/").content.decode()


def test_a_holiday_and_an_adjusted_working_day_change_deadlines(world, login):
    client = login(world.county_admin)
    friday = date(2031, 10, 3)
    assert deadline_after(friday, 1).day == date(2031, 10, 6)
    holiday = {"start": "2031-10-06", "end": "2031-10-07", "is_workday": "0", "note": "国庆节"}
    assert client.post("/annotations/calendar/", holiday).status_code == 302
    saturday = {"start": "2031-10-11", "is_workday": "1", "note": "调休上班"}
    client.post("/annotations/calendar/", saturday)
    assert deadline_after(friday, 1).day == date(2031, 10, 8)
    assert deadline_after(date(2031, 10, 10), 1).day == date(2031, 10, 11)
    assert Change.objects.filter(action="calendar.set", actor=world.county_admin).count() == 3
    page = client.get("/annotations/calendar/?year=2031").content.decode()
    assert "国庆节" in page and "调休上班" in page
    entry = CalendarDay.objects.get(day=date(2031, 10, 11))
    client.post(f"/annotations/calendar/{entry.pk}/delete/")
    assert not CalendarDay.objects.filter(day=date(2031, 10, 11)).exists()
    assert Change.objects.filter(action="calendar.deleted", actor=world.county_admin).exists()


def test_a_holiday_ending_before_it_starts_is_refused_in_words(world, login):
    data = {"start": "2031-10-07", "end": "2031-10-01", "is_workday": "0"}
    page = login(world.county_admin).post("/annotations/calendar/", data).content.decode()
    assert "结束日期不能早于开始日期。" in page
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize("who", ["county_editor", "county_duty", "a_officer"])
def test_only_administrators_keep_the_calendar(world, login, who):
    data = {"start": "2031-10-06", "is_workday": "0"}
    assert login(world.people[who]).post("/annotations/calendar/", data).status_code == 403
    assert not CalendarDay.objects.exists()


def test_the_desk_keeps_the_word_lists_and_the_checks_use_them(world, login):
    client = login(world.county_editor)
    client.post(
        "/quality/words/", {"list": "boilerplate", "phrase": "高度重视", "advice": "写措施"}
    )
    data = {"list": "lexicon", "word": "绝密", "severity": "block", "reason": "涉密"}
    client.post("/quality/words/", data)
    messages = [p.message for p in run_checks(Draft("标题", "县里高度重视，文件为绝密。", ""))]
    assert "套话：“高度重视”，写措施" in messages
    assert "不能报送：含有“绝密”——涉密" in messages
    assert Boilerplate.objects.get().advice == "写措施"
    data["reason"] = "涉及国家秘密"
    client.post("/quality/words/", data)  # the same word again: its reason changes
    assert LexiconEntry.objects.get().reason == "涉及国家秘密"
    actions = Change.objects.filter(actor=world.county_editor).values_list("action", flat=True)
    assert list(actions).count("words.set") == 3
    entry = LexiconEntry.objects.get()
    client.post(f"/quality/words/lexicon/{entry.pk}/delete/")
    assert not LexiconEntry.objects.exists()


@pytest.mark.parametrize("who", ["a_officer", "county_duty", "county_admin"])
def test_others_may_not_change_the_word_lists(world, login, who):
    data = {"list": "boilerplate", "phrase": "高度重视"}
    assert login(world.people[who]).post("/quality/words/", data).status_code == 403
    assert not Boilerplate.objects.exists()


def test_an_administrator_sets_a_units_category_and_counterpart(world, login):
    client = login(world.county_admin)
    url = f"/units/{world.town_a.pk}/settings/"
    data = {"form": "category", "year": 2026, "category": "a", "note": "重点乡镇"}
    assert client.post(url, data).status_code == 302
    assert UnitCategory.objects.get(unit=world.town_a, year=2026).category == "A"
    client.post(url, {"form": "counterpart", "counterpart": world.dept.pk})
    world.town_a.refresh_from_db()
    assert world.town_a.counterpart == world.dept
    client.post(url, {"form": "category", "year": 2026, "category": ""})
    assert not UnitCategory.objects.filter(unit=world.town_a).exists()
    summaries = Change.objects.filter(actor=world.county_admin).values_list("summary", flat=True)
    assert "城关镇人民政府2026年考核类别：A类" in summaries
    assert "城关镇人民政府2026年考核类别：取消（原A类）" in summaries


@pytest.mark.parametrize("who", ["county_editor", "a_officer"])
def test_others_may_not_set_unit_categories(world, login, who):
    url = f"/units/{world.town_a.pk}/settings/"
    response = login(world.people[who]).post(
        url, {"form": "category", "year": 2026, "category": "A"}
    )
    assert response.status_code in (403, 404)
    assert not UnitCategory.objects.exists()


def test_a_city_unit_is_not_the_county_administrators(world, login):
    url = f"/units/{world.city_dept.pk}/settings/"
    assert login(world.county_admin).get(url).status_code in (403, 404)


def test_every_blank_choice_reads_please_choose(world, login):
    page = login(world.county_duty).get("/emergencies/phone/").content.decode()
    assert '<option value="" selected>请选择</option>' in page
    assert "---------" not in page


def test_a_superuser_also_finds_the_django_admin_there(world, login):
    root = User.objects.create_superuser("root", "root@xinxi.example", "Zhengwu#2026")
    client = login(root)
    page = client.get("/config/").content.decode()
    assert "<h2>系统后台</h2>" in page and "<h2>考核方案与目标</h2>" in page
    assert client.get("/admin/").status_code == 200
