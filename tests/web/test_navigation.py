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


@pytest.mark.parametrize("who", EXPECTED)
def test_each_role_sees_exactly_its_pages(world, who):
    if who == "county_security":
        user = make_user("county_security", "安全员", [(world.county, Role.SECURITY)])
    elif who == "county_auditor":
        user = make_user("county_auditor", "审计员", [(world.county, Role.AUDITOR)])
    elif who == "root":
        user = make_user("root", "超级管理员")
        user.is_superuser = True
        user.save()
    else:
        user = getattr(world, who)
    assert _nav(user) == [(group, reverse(name)) for group, name in EXPECTED[who]]
