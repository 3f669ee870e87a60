"""Publication presets: the county (范文2) and city (范文6) bulletins, installed idempotently."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from govdesk.audit.models import Change
from govdesk.items import services
from govdesk.items.workflow import TransitionError
from govdesk.publications.models import AdoptionKind, Column, Publication
from govdesk.publications.presets import PresetError, all_presets
from govdesk.publications.services import publications_install_preset
from govdesk.units.services import unit_create

# 政务信息通报范文2 (seeds/001_…txt) 二（二）计分办法, as labels.
COUNTY = {
    "快讯": {
        "工作简况": ["综合", "简要", "约稿"],
        "重要会议": ["采用", "约稿"],
        "情况通报": ["综合", "简要", "约稿"],
        "上情动态": ["采用", "网摘", "约稿"],
    },
    "专报信息": ["专题", "综合"],
    "要情快报": ["综合", "简要"],
    "工作交流": ["采用"],
    "政务调研": ["采用"],
}


def labels(kinds):
    return [AdoptionKind(k).label for k in kinds]


@pytest.fixture
def other_county(world):
    return unit_create(
        actor=None, parent=world.city, name="另一县人民政府办公室", kind="office", level=20
    )


def test_county_preset_has_the_seed_publications_columns_and_kinds(world, other_county):
    pubs = publications_install_preset(
        actor=world.county_admin, office=other_county, preset="county"
    )

    assert [p.name for p in pubs] == list(COUNTY)
    found = {}
    for pub in pubs:
        columns = list(pub.columns.order_by("sort_order"))
        if columns:
            found[pub.name] = {c.name: labels(c.adoption_kinds) for c in columns}
        else:
            found[pub.name] = labels(pub.adoption_kinds)
    assert found == COUNTY
    assert all(p.office == other_county for p in pubs)


def test_city_preset_gives_research_and_solicited_kinds_where_the_seed_prices_them(world):
    pubs = publications_install_preset(actor=None, office=world.city, preset="city")

    # 范文6: 调研类 +20 on 《情况》《信息参考》《信息快报》; 二(五) 约稿信息被采用 +5 at city level.
    kinds = {p.name: labels(p.adoption_kinds) for p in pubs}
    assert kinds == {
        "情况": ["采用", "调研", "约稿"],
        "信息参考": ["采用", "调研", "约稿"],
        "信息快报": ["采用", "调研", "约稿"],
        "信息摘报": ["采用", "约稿"],
    }
    assert not Column.objects.filter(publication__in=pubs).exists()


def test_every_publication_and_column_cites_its_seed():
    for preset in all_presets().values():
        for pub in preset.publications:
            assert "范文" in pub.source, pub.name
            for col in pub.columns:
                assert "范文" in col.source, col.name
    assert "范文2" in all_presets()["county"].source
    assert "范文6" in all_presets()["city"].source


def test_installing_twice_changes_nothing_and_logs_nothing_the_second_time(world, other_county):
    first = publications_install_preset(
        actor=world.county_admin, office=other_county, preset="county"
    )
    log_size = Change.objects.count()
    counts = (Publication.objects.count(), Column.objects.count())

    second = publications_install_preset(
        actor=world.county_admin, office=other_county, preset="county"
    )

    assert [p.pk for p in second] == [p.pk for p in first]
    assert (Publication.objects.count(), Column.objects.count()) == counts
    assert Change.objects.count() == log_size


def test_each_new_publication_is_one_audit_row_naming_actor_preset_and_source(world, other_county):
    pubs = publications_install_preset(
        actor=world.county_admin, office=other_county, preset="county"
    )

    rows = Change.objects.filter(action="publication.created").order_by("id")
    assert [r.target_id for r in rows] == [p.pk for p in pubs]
    kuaixun = rows.first()
    assert kuaixun.actor == world.county_admin
    assert kuaixun.details["preset"] == "county"
    assert kuaixun.details["columns"] == ["工作简况", "重要会议", "情况通报", "上情动态"]
    assert "范文2" in kuaixun.details["source"]
    assert "另一县人民政府办公室" in kuaixun.summary


def test_an_office_configuration_is_kept_and_only_missing_columns_are_added(world):
    """The test world's county already has 《快讯》 (only 工作简况) and 《专报信息》."""
    kuaixun_before = world.kuaixun.pk

    pubs = publications_install_preset(
        actor=world.county_admin, office=world.county, preset="county"
    )

    assert pubs[0].pk == kuaixun_before
    assert pubs[0].columns.get(name="工作简况").adoption_kinds == []  # left as configured
    assert set(pubs[0].columns.values_list("name", flat=True)) == set(COUNTY["快讯"])
    assert Publication.objects.filter(office=world.county, name="快讯").count() == 1
    added = Change.objects.get(action="publication.columns_added", target_id=kuaixun_before)
    assert added.details["columns"] == ["重要会议", "情况通报", "上情动态"]
    assert Change.objects.filter(action="publication.created").count() == 3


def test_preset_columns_accept_the_seed_kinds_and_refuse_others(world):
    publications_install_preset(actor=world.county_admin, office=world.county, preset="county")
    column = Column.objects.get(publication=world.kuaixun, name="上情动态")
    item = world.submitted(title="省政府召开全省安全生产电视电话会议")

    adoption = services.item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.kuaixun,
        column=column,
        kind=AdoptionKind.DIGEST,
    )
    assert adoption.get_kind_display() == "网摘"

    other = world.submitted(title="县应急管理局部署汛前检查")
    with pytest.raises(TransitionError):
        services.item_adopt(
            item_id=other.pk,
            actor=world.county_editor,
            publication=world.kuaixun,
            column=column,
            kind=AdoptionKind.SPECIAL,
        )


def test_unknown_preset_and_non_office_are_refused(world):
    with pytest.raises(PresetError, match="county"):
        publications_install_preset(actor=None, office=world.county, preset="province")
    with pytest.raises(ValueError, match="不是政府办公室"):
        publications_install_preset(actor=None, office=world.town_a, preset="county")


def test_command_installs_by_office_name_and_is_repeatable(world, other_county, capsys):
    call_command(
        "install_publications",
        "--office",
        "另一县人民政府办公室",
        "--preset",
        "county",
        "--actor",
        "county_admin",
    )
    out = capsys.readouterr().out
    assert "新增刊物 5 个、栏目 4 个" in out
    assert (
        Change.objects.filter(action="publication.created", actor=world.county_admin).count() == 5
    )

    call_command("install_publications", "--office", "另一县人民政府办公室", "--preset", "county")
    assert "新增刊物 0 个、栏目 0 个" in capsys.readouterr().out

    with pytest.raises(CommandError, match="没有找到该办公室"):
        call_command("install_publications", "--office", "不存在的办公室", "--preset", "county")
