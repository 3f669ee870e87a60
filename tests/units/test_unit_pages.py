"""单位: an administrator adds, renames, moves and deactivates the units under their
office on the system's own pages; the tree stays whole and every change is logged."""

import pytest
from django.core.exceptions import ValidationError

from govdesk.audit.models import Change
from govdesk.units.models import Unit
from govdesk.units.services import unit_create, unit_move

NOBODY = ["county_security", "county_auditor", "county_chief", "a_officer", "outsider"]


def unit_data(unit, **changes):
    data = {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "level": unit.level or "",
        "is_active": "on" if unit.is_active else "",
        "parent": Unit.objects.get_parent(unit).pk,
    }
    return {**data, **changes}


@pytest.mark.parametrize("who", NOBODY)
def test_only_administrators_open_the_unit_pages(offices, login, who):
    client = login(offices.people[who])
    response = client.get("/units/new/")
    assert response.status_code == 403 and "只有管理员可以新增单位。" in response.content.decode()
    assert client.get(f"/units/{offices.town_a.pk}/edit/").status_code == 404
    data = unit_data(offices.town_a, name="改名")
    assert client.post(f"/units/{offices.town_a.pk}/edit/", data).status_code == 404
    assert Unit.objects.get(pk=offices.town_a.pk).name == "城关镇人民政府"


def test_another_countys_administrator_does_not_reach_our_units(offices, login):
    client = login(offices.other_admin)
    assert client.get(f"/units/{offices.town_a.pk}/edit/").status_code == 404
    data = {"name": "偷建单位", "kind": "township", "parent": offices.county.pk}
    response = client.post("/units/new/", data)
    assert "请选择您管理的政府办公室（不能是本单位或其下级单位）。" in response.content.decode()
    assert not Unit.objects.filter(name="偷建单位").exists()


def test_adding_a_unit_under_the_office(offices, login):
    client = login(offices.county_admin)
    data = {
        "name": "县水利局",
        "short_name": "水利局",
        "kind": "department",
        "parent": offices.county.pk,
    }
    response = client.post("/units/new/", data, follow=True)
    assert "已新增单位“县水利局”。" in response.content.decode()
    unit = Unit.objects.get(name="县水利局")
    assert Unit.objects.get_parent(unit) == offices.county
    change = Change.objects.get(action="unit.created", target_id=unit.pk)
    assert change.actor == offices.county_admin
    assert change.summary == "新增单位“县水利局”（上级：某县人民政府办公室）"


def test_a_bad_unit_is_refused_in_words_and_the_input_kept(offices, login):
    client = login(offices.county_admin)
    data = {"name": "某乡人民政府办公室", "kind": "office", "parent": offices.county.pk}
    response = client.post("/units/new/", data)
    text = response.content.decode()
    assert "政府办公室须填写行政层级。" in text
    assert 'value="某乡人民政府办公室"' in text
    assert not Unit.objects.filter(name="某乡人民政府办公室").exists()


def test_renaming_and_deactivating_are_logged(offices, login):
    client = login(offices.county_admin)
    url = f"/units/{offices.town_b.pk}/edit/"
    response = client.post(url, unit_data(offices.town_b, name="河口镇人民政府", is_active=""))
    assert response.status_code == 302
    unit = Unit.objects.get(pk=offices.town_b.pk)
    assert (unit.name, unit.is_active) == ("河口镇人民政府", False)
    change = Change.objects.get(action="unit.changed", target_id=unit.pk)
    assert change.actor == offices.county_admin
    assert change.summary == "修改单位“河口镇人民政府”：单位名称、启用"


def test_an_office_with_active_units_is_not_deactivated(offices, login):
    client = login(offices.county_admin)
    url = f"/units/{offices.county.pk}/edit/"
    data = unit_data(offices.county, is_active="")
    text = client.post(url, data).content.decode()
    assert "“某县人民政府办公室”下设有启用的报送单位，请先停用或调整下级单位。" in text
    assert Unit.objects.get(pk=offices.county.pk).is_active


def test_moving_a_unit_keeps_the_tree_whole(offices, login):
    new_office = unit_create(
        actor=None, parent=offices.county, name="某县开发区管委会办公室", kind="office", level=10
    )
    client = login(offices.county_admin)
    url = f"/units/{offices.town_a.pk}/edit/"
    assert client.post(url, unit_data(offices.town_a, parent=new_office.pk)).status_code == 302
    town_a = Unit.objects.get(pk=offices.town_a.pk)
    assert Unit.objects.get_parent(town_a) == new_office
    assert town_a.path.startswith(new_office.path) and town_a.depth == new_office.depth + 1
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert (
        Unit.objects.get(pk=offices.county.pk).numchild == 3
    )  # town_b, the department and the new office
    change = Change.objects.get(action="unit.moved", target_id=town_a.pk)
    assert change.summary == (
        "单位“城关镇人民政府”改由“某县开发区管委会办公室”管理（原上级：某县人民政府办公室）"
    )


def test_a_unit_is_never_moved_under_itself(offices, login):
    inner = unit_create(
        actor=None, parent=offices.county, name="某县开发区管委会办公室", kind="office", level=10
    )
    with pytest.raises(ValidationError) as refused:
        unit_move(actor=offices.county_admin, unit=offices.county, parent=inner)
    assert refused.value.messages == ["不能把单位移到它自己或它的下级单位之下。"]
    # The page does not offer it: the county's own units are not among the choices.
    client = login(offices.county_admin)
    data = unit_data(inner, parent=inner.pk)
    text = client.post(f"/units/{inner.pk}/edit/", data).content.decode()
    assert "请选择您管理的政府办公室（不能是本单位或其下级单位）。" in text
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert not Change.objects.filter(action="unit.moved").exists()
