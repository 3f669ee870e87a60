"""Pinyin search for units and people, and the unit list of an office."""

import pytest
from django.utils import timezone

from govdesk.lib import clock
from govdesk.units.services import unit_category_set


def names(client, path, q, key="name"):
    response = client.get(path, {"q": q, "format": "json"})
    assert response.status_code == 200
    return [row[key] for row in response.json()["results"]]


@pytest.mark.parametrize("q", ["城关", "chengguan", "CHENGGUANZHEN", "cgz", "cg"])
def test_units_are_found_by_chinese_full_pinyin_and_initials(world, login, q):
    client = login(world.county_editor)
    assert names(client, "/units/search/", q) == ["城关镇人民政府"]


def test_unit_search_answers_htmx_with_options(world, login):
    response = login(world.county_editor).get("/units/search/", {"q": "hkx"})
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert f'<option value="{world.town_b.pk}"' in html and "河口乡人民政府" in html
    assert "城关镇" not in html
    empty = login(world.county_editor).get("/units/search/", {"q": "zzzz"}).content.decode()
    assert "没有匹配的单位" in empty


def test_unit_search_stays_within_what_the_viewer_may_see(world, login):
    # A township officer sees only their own unit; the county desk sees the county's tree.
    assert names(login(world.a_officer), "/units/search/", "") == ["城关镇人民政府"]
    assert names(login(world.county_editor), "/units/search/", "yingji") == ["县应急管理局"]
    assert names(login(world.city_editor), "/units/search/", "yingji") == [
        "县应急管理局",
        "市应急管理局",
    ]
    assert names(login(world.outsider), "/units/search/", "") == []


def test_search_needs_a_login(client, world):
    response = client.get("/units/search/", {"q": "cgz"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.get("/accounts/search/", {"q": "zxm"}).status_code == 302


@pytest.mark.parametrize("q", ["张晓梅", "张晓", "zhangxiaomei", "zxm", "a_officer"])
def test_people_are_found_by_chinese_pinyin_initials_and_username(world, login, q):
    client = login(world.county_editor)
    assert names(client, "/accounts/search/", q, key="username") == ["a_officer"]


def test_people_search_shows_roles_and_answers_htmx(world, login):
    client = login(world.county_editor)
    (row,) = client.get("/accounts/search/", {"q": "zxm", "format": "json"}).json()["results"]
    assert row["full_name"] == "张晓梅"
    assert row["roles"] == [
        {"unit": "城关镇人民政府", "unit_id": world.town_a.pk, "role": "officer", "label": "信息员"}
    ]
    html = client.get("/accounts/search/", {"q": "zxm"}).content.decode()
    assert f'<option value="{world.a_officer.pk}">张晓梅（城关镇·信息员）</option>' in html


def test_people_search_is_limited_to_units_the_viewer_can_see(world, login):
    # Own unit: the officer finds the reviewer next door, not the other township's staff.
    officer = login(world.a_officer)
    assert names(officer, "/accounts/search/", "ljg", key="username") == ["a_reviewer"]
    assert names(officer, "/accounts/search/", "wanglei", key="username") == []
    # The county desk sees its townships but not the city office above it…
    county = login(world.county_editor)
    assert names(county, "/accounts/search/", "wanglei", key="username") == ["b_officer"]
    assert names(county, "/accounts/search/", "heli", key="username") == []
    # …while the city desk sees down into the county.
    city = login(world.city_editor)
    assert names(city, "/accounts/search/", "wanglei", key="username") == ["b_officer"]
    assert names(login(world.outsider), "/accounts/search/", "", key="username") == []


def test_the_unit_list_shows_the_office_tree_with_kinds_and_categories(world, login):
    year = timezone.localtime(clock.now()).year
    unit_category_set(actor=None, unit=world.town_a, year=year, category="A")
    unit_category_set(actor=None, unit=world.town_b, year=year - 1, category="B")
    response = login(world.county_editor).get("/units/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{year}年考核类别" in page
    rows = {u.name: u for u in response.context["units"]}
    assert list(rows) == [
        "某县人民政府办公室",
        "城关镇人民政府",
        "河口乡人民政府",
        "县应急管理局",
    ]
    assert rows["城关镇人民政府"].category_now == "A"
    assert rows["河口乡人民政府"].category_now is None  # last year's category is not this year's
    assert rows["某县人民政府办公室"].indent == 0 and rows["城关镇人民政府"].indent == 1
    assert rows["城关镇人民政府"].people == 2
    assert "乡镇/街道" in page and "A类" in page
    assert "市应急管理局" not in page


def test_the_unit_list_filters_by_pinyin(world, login):
    response = login(world.county_admin).get("/units/", {"q": "hkx"})
    assert [u.name for u in response.context["units"]] == ["河口乡人民政府"]
    assert "某县人民政府办公室" in response.content.decode()  # as its superior


@pytest.mark.parametrize("who", ["a_officer", "a_reviewer", "county_leader", "outsider"])
def test_the_unit_list_is_for_office_staff(world, login, who):
    assert login(world.people[who]).get("/units/").status_code == 403


def test_unit_list_exports_what_it_shows(world, login):
    import io

    from openpyxl import load_workbook

    response = login(world.county_editor).get("/units/", {"q": "hk", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("单位名称", "上级单位", "类型")
    assert [r[:3] for r in rows[1:]] == [("河口乡人民政府", "某县人民政府办公室", "乡镇/街道")]
