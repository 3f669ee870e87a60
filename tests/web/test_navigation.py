"""The side navigation lists, for each role, exactly the pages policy lets it open.
The expected entries are written out by hand (they were the navigation before the
nav asked policy, and must stay so)."""

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse

from govdesk.accounts.models import Role
from govdesk.web.context_processors import navigation
from tests.conftest import make_user

HOME = [("", "web:dashboard"), ("", "search:search"), ("", "notifications:list")]
WRITE = [("报送", "items:new"), ("报送", "items:mine"), ("报送", "emergencies:new")]
DESK = [("采编", "items:desk"), ("采编", "search:similar_home")]
TASKS = [("采编", "annotations:tasks"), ("采编", "solicitations:list")]
BULLETINS = [("采编", "bulletins:list")]
SCORING = [("考核", "scoring:index"), ("考核", "circulars:index")]
WATCH = [("应急值守", "emergencies:board"), ("应急值守", "emergencies:duty")]
# An office's own settings: its chief editor and its administrators.
SCHEMES = ("考核", "scoring:schemes")
PUBLICATIONS = ("管理", "publications:list")
ADMINISTRATION = [
    ("考核", "awards:index"),
    SCHEMES,
    ("管理", "units:list"),
    ("管理", "accounts:issue"),
    ("管理", "records:import"),
    PUBLICATIONS,
    ("管理", "web:config"),
]
# What an editor and a chief editor both see after their own 报送 entries.
OFFICE_DESK = [
    *DESK,
    *BULLETINS,
    *TASKS,
    *WATCH,
    *SCORING,
    ("考核", "awards:index"),
    ("管理", "units:list"),
    ("管理", "web:config"),
]
EXPECTED = {
    "a_officer": HOME
    + WRITE
    + BULLETINS
    + TASKS
    + [("应急值守", "emergencies:duty")]
    + SCORING
    + [("管理", "web:config")],
    "a_reviewer": [*HOME, ("报送", "items:review"), *BULLETINS, *TASKS, *SCORING],
    "county_editor": HOME + WRITE + OFFICE_DESK,
    "county_chief": [
        *HOME,
        *WRITE,
        ("报送", "items:review"),
        *OFFICE_DESK[:-2],
        SCHEMES,
        ("门户网站", "portal:desk"),
        OFFICE_DESK[-2],
        PUBLICATIONS,
        OFFICE_DESK[-1],
    ],
    "county_leader": [
        *HOME,
        ("采编", "items:adopted"),
        *BULLETINS,
        ("应急值守", "emergencies:board"),
        *SCORING,
    ],
    "county_admin": [
        *HOME,
        *BULLETINS,
        ("应急值守", "emergencies:duty"),
        *SCORING,
        *ADMINISTRATION,
    ],
    "county_duty": HOME + BULLETINS + WATCH + SCORING + [("管理", "web:config")],
    # The city office is the top of the tree: its editor has no office to send items
    # to, so no 报送 entries (the pages would refuse them).
    "city_editor": HOME + OFFICE_DESK,
    # A portal editor of the county office: the county office is assessed by the city,
    # so its people read the city's notices (通报) and their own ledger.
    "county_web": [*HOME, *BULLETINS, *SCORING, ("门户网站", "portal:desk")],
    # The top office's portal editor is assessed by no one: no notices for them.
    "city_web": [*HOME, *BULLETINS, ("考核", "scoring:index"), ("门户网站", "portal:desk")],
    "county_security": HOME + BULLETINS + [("安全", "accounts:security")],
    "county_auditor": HOME + BULLETINS + [("安全", "accounts:audit_log")],
    "root": [
        *HOME,
        *BULLETINS,
        *WATCH,
        *SCORING,
        *ADMINISTRATION[:2],
        ("门户网站", "portal:desk"),
        *ADMINISTRATION[2:],
        ("安全", "accounts:security"),
        ("安全", "accounts:audit_log"),
    ],
}


def _nav(user) -> list[tuple[str, str]]:
    request = RequestFactory().get("/")
    request.user, request.session, request.resolver_match = user, {}, resolve("/")
    groups = navigation(request)["nav"]["groups"]
    return [(group["label"], entry["url"]) for group in groups for entry in group["entries"]]


# Users the world fixture does not hold: (username, name, office attribute, role).
MADE = {
    "county_security": ("安全员", "county", Role.SECURITY),
    "county_auditor": ("审计员", "county", Role.AUDITOR),
    "county_web": ("网站编辑", "county", Role.PORTAL_EDITOR),
    "city_web": ("网站编辑", "city", Role.PORTAL_EDITOR),
}


def _user(world, who):
    if who in MADE:
        name, office, role = MADE[who]
        return make_user(who, name, [(getattr(world, office), role)])
    if who == "root":
        user = make_user("root", "超级管理员")
        user.is_superuser = True
        user.save()
        return user
    return getattr(world, who)


@pytest.mark.parametrize("who", EXPECTED)
def test_each_role_sees_exactly_its_pages(world, who):
    user = _user(world, who)
    assert _nav(user) == [(group, reverse(name)) for group, name in EXPECTED[who]]


@pytest.mark.parametrize("who", EXPECTED)
def test_every_page_the_navigation_offers_opens(world, client, who):
    """No entry leads to a refusal: a walk through the demo found 起草信息 offered to the
    top office's editor (403) and 通报 to a portal editor (404)."""
    user = _user(world, who)
    client.force_login(user)
    for _, url in _nav(user):
        assert client.get(url).status_code in (200, 302), url
