"""The structure scoring reads — unit categories per year, 条块 counterparts, a
direct-report point's county, publications above the deployment — written through
their services, with each role that may or may not write them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from govdesk.audit.models import Change
from govdesk.publications.models import Publication
from govdesk.publications.services import (
    publication_external_create,
    publication_external_update,
)
from govdesk.scoring.models import PointCounty
from govdesk.scoring.services import point_county_set
from govdesk.units.models import Level, UnitCategory
from govdesk.units.services import unit_category_set, unit_counterpart_set, unit_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(world):
    return unit_create(
        actor=None, parent=world.city, name="城关镇基层信息直报点", kind="grassroots"
    )


def test_an_administrator_sets_and_clears_a_category(world):
    unit_category_set(actor=world.county_admin, unit=world.town_a, year=2026, category=" b ")
    row = UnitCategory.objects.get(unit=world.town_a, year=2026)
    assert (row.category, row.note) == ("B", "")
    change = Change.objects.filter(action="unit.category_set").latest("pk")
    assert change.summary == "城关镇人民政府2026年考核类别：B类"
    unit_category_set(actor=world.county_admin, unit=world.town_a, year=2026, category="")
    assert not UnitCategory.objects.filter(unit=world.town_a).exists()
    assert Change.objects.filter(action="unit.category_set").latest("pk").summary == (
        "城关镇人民政府2026年考核类别：取消（原B类）"
    )


@pytest.mark.parametrize("who", ["county_editor", "county_chief", "a_officer", "other_admin"])
def test_only_the_units_administrators_set_categories(world, offices, who):
    with pytest.raises(PermissionDenied, match="您无权管理“城关镇人民政府”。"):
        unit_category_set(actor=world.people[who], unit=world.town_a, year=2026, category="A")
    assert not UnitCategory.objects.exists()


def test_a_category_out_of_bounds_is_refused_in_chinese(world):
    with pytest.raises(ValidationError) as refused:
        unit_category_set(
            actor=world.county_admin, unit=world.town_a, year=1999, category="ABCDEFGHIJKLMNOPQ"
        )
    assert refused.value.message_dict == {
        "year": ["考核年度须在 2000—2100 之间。"],
        "category": ["类别最多 16 个字符，如 A、B、C。"],
    }


def test_a_counterpart_must_be_an_active_department(world, point):
    with pytest.raises(ValidationError) as refused:
        unit_counterpart_set(actor=None, unit=point, counterpart=world.town_a)
    assert refused.value.message_dict == {
        "counterpart": ["“城关镇人民政府”不是启用的部门，不能作为对口上级部门。"]
    }
    unit_counterpart_set(actor=None, unit=point, counterpart=world.city_dept)
    point.refresh_from_db()
    assert point.counterpart == world.city_dept
    assert Change.objects.filter(action="unit.changed", target_id=str(point.pk)).exists()


def test_the_county_administrator_cannot_pair_a_city_point(world, point):
    with pytest.raises(PermissionDenied, match="您无权管理“城关镇基层信息直报点”。"):
        unit_counterpart_set(actor=world.county_admin, unit=point, counterpart=world.dept)
    with pytest.raises(PermissionDenied, match="您无权管理“城关镇基层信息直报点”。"):
        point_county_set(actor=world.county_admin, point=point, county=world.county)


def test_a_points_county_is_set_changed_and_cleared(world, point):
    point_county_set(actor=None, point=point, county=world.county)
    assert PointCounty.objects.get(point=point).county == world.county
    change = Change.objects.filter(action="unit.county_set").latest("pk")
    assert change.summary == "城关镇基层信息直报点所在县：某县人民政府办公室"
    point_county_set(actor=None, point=point, county=None)
    assert not PointCounty.objects.exists()
    assert Change.objects.filter(action="unit.county_set").latest("pk").summary == (
        "城关镇基层信息直报点所在县：取消（原某县人民政府办公室）"
    )


def test_only_points_have_a_county_and_only_offices_are_counties(world, point):
    with pytest.raises(ValidationError) as refused:
        point_county_set(actor=None, point=world.town_a, county=world.county)
    assert refused.value.message_dict == {"point": ["“城关镇人民政府”不是基层信息直报点。"]}
    with pytest.raises(ValidationError) as refused:
        point_county_set(actor=None, point=point, county=world.town_a)
    assert refused.value.message_dict == {"county": ["“城关镇人民政府”不是启用的政府办公室。"]}


def test_an_administrator_adds_a_state_council_publication(world):
    publication = publication_external_create(
        actor=world.county_admin, name="国办要情", level=Level.NATIONAL, issuer="国务院办公厅"
    )
    assert publication.is_external and publication.effective_level == Level.NATIONAL
    assert publication.code == "ext-50-1"
    change = Change.objects.get(action="publication.created")
    assert change.summary == "新增国家级外部刊物《国办要情》（国务院办公厅）"


@pytest.mark.parametrize("who", ["county_editor", "county_chief", "county_duty", "outsider"])
def test_only_administrators_add_external_publications(world, who):
    with pytest.raises(PermissionDenied, match="只有管理员可以新增外部刊物。"):
        publication_external_create(actor=world.people[who], name="信息简报", level=40)
    assert not Publication.objects.filter(office=None).exists()


def test_an_external_publication_is_above_the_deployment_and_unique(world):
    with pytest.raises(ValidationError) as refused:
        publication_external_create(actor=None, name="市刊", level=Level.CITY)
    assert refused.value.message_dict == {
        "level": ["本系统最高为市级，外部刊物须高于该层级（本系统内的刊物请在主办办公室下配置）。"]
    }
    publication_external_create(actor=None, name="信息简报", level=Level.PROVINCE, code="xxjb")
    with pytest.raises(ValidationError) as refused:
        publication_external_create(actor=None, name="信息简报", level=Level.PROVINCE, code="xxjb")
    assert refused.value.message_dict == {
        "code": ["代码“xxjb”已被其他外部刊物使用。"],
        "name": ["省级刊物《信息简报》已存在。"],
    }
    # The same name at another level is another publication (国办《专报信息》, 省《专报信息》).
    publication_external_create(actor=None, name="信息简报", level=Level.NATIONAL)
    assert Publication.objects.filter(office=None).count() == 2


def test_an_external_publication_is_changed_through_its_service(world):
    publication = publication_external_create(actor=None, name="信息摘报", level=Level.PROVINCE)
    publication_external_update(
        actor=world.county_admin,
        publication_id=publication.pk,
        issuer="省政府办公厅",
        adoption_kinds=["general", "research"],
    )
    publication.refresh_from_db()
    assert publication.issuer == "省政府办公厅"
    change = Change.objects.get(action="publication.changed")
    assert change.details["changes"]["issuer"] == ["", "省政府办公厅"]
    with pytest.raises(PermissionDenied, match="只有管理员可以修改外部刊物。"):
        publication_external_update(
            actor=world.county_editor, publication_id=publication.pk, name="改名"
        )
    with pytest.raises(ValidationError) as refused:
        publication_external_update(actor=None, publication_id=publication.pk, adoption_kinds=["x"])
    assert refused.value.message_dict["adoption_kinds"] == ["采用类型无效：x。"]


def _admin_form(**fields):
    return {
        "office": "",
        "level": "",
        "issuer": "",
        "name": "",
        "code": "",
        "description": "",
        "sort_order": "0",
        "is_active": "on",
        "columns-TOTAL_FORMS": "0",
        "columns-INITIAL_FORMS": "0",
        "columns-MIN_NUM_FORMS": "0",
        "columns-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_the_admin_form_has_the_level_and_saves_through_the_service(world, admin_client):
    url = "/admin/publications/publication/add/"
    page = admin_client.get(url).content.decode()
    assert "刊物层级" in page and "本系统内刊物（不填）" in page and "---------" not in page
    missing = admin_client.post(url, _admin_form(name="国办要情", code="gbyq"))
    assert (
        "请选择主办单位；省、国务院等外部刊物不选主办单位，填写层级。" in missing.content.decode()
    )
    low = admin_client.post(url, _admin_form(name="市刊", code="sk", level="30"))
    assert "外部刊物须高于该层级" in low.content.decode()
    made = admin_client.post(
        url, _admin_form(name="国办要情", code="gbyq", level="50", issuer="国务院办公厅")
    )
    assert made.status_code == 302
    publication = Publication.objects.get(code="gbyq")
    assert (publication.office, publication.level) == (None, Level.NATIONAL)
    assert Change.objects.get(action="publication.created").summary == (
        "新增国家级外部刊物《国办要情》（国务院办公厅）"
    )
