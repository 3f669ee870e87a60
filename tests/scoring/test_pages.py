"""The ledger and ranking pages: a unit sees its own ledger with the rule behind each
line, never another unit's (404); the office's editors see every unit and the ranking."""

from decimal import Decimal

import pytest

from govdesk.lib import periods
from govdesk.scoring import selectors
from govdesk.units.models import Level
from govdesk.units.services import unit_category_set

pytestmark = pytest.mark.django_db


def test_unit_sees_its_own_ledger_with_rule_and_source(world, scored, login):
    page = login(world.a_officer).get(f"/scoring/{scored.pk}/units/{world.town_a.pk}/?month=3")
    text = page.content.decode()
    assert page.status_code == 200
    assert "城关镇专题" in text and "《专报信息》专题类信息" in text
    assert "范文2 二(二)2" in text and "范文2 二(二)6" in text
    assert "<b>12</b>" in text  # 7 + 5


def test_unit_cannot_see_another_units_ledger(world, scored, login):
    page = login(world.b_officer).get(f"/scoring/{scored.pk}/units/{world.town_a.pk}/")
    assert page.status_code == 404


def test_unit_cannot_see_the_ranking(world, scored, login):
    assert login(world.a_officer).get(f"/scoring/{scored.pk}/ranking/").status_code == 404


def test_editor_sees_every_unit_and_the_ranking(world, scored, login):
    client = login(world.county_editor)
    assert client.get(f"/scoring/{scored.pk}/units/{world.town_b.pk}/").status_code == 200
    page = client.get(f"/scoring/{scored.pk}/ranking/?month=3")
    assert page.status_code == 200
    assert "2026年3月" in page.content.decode()


def test_ranking_figures_by_group_with_rank_change(world, scored):
    table = selectors.ranking(scored, periods.month(2026, 3))
    rows = {row.unit.short_name or row.unit.name: row for row in table.rows}
    town_a, town_b, dept = rows["城关镇"], rows["河口乡"], rows["县应急管理局"]
    # Townships and departments are ranked separately.
    assert (town_a.group, town_a.rank, town_b.rank) == ("乡镇/街道", 1, 2)
    assert (dept.group, dept.rank) == ("部门", 1)
    assert (town_a.submitted, town_a.adopted, town_a.annotations) == (2, 1, 1)
    # The seed (``scored``): 城关镇 sent two items in March, 城关镇专题 adopted on 3-12.
    assert (town_a.sent_adopted, town_a.adoption_rate) == (1, Decimal("50.0"))
    assert town_a.adopted_by_level == {Level.COUNTY: 1}
    assert (town_a.score, town_a.cumulative) == (12, 12)
    assert (town_b.score, town_b.cumulative) == (0, 1)
    # February: 河口乡 first (1 point), 城关镇 second (0): one place each way.
    assert (town_a.rank_change_label, town_b.rank_change_label) == ("↑1", "↓1")
    assert town_a.mandatory_met is True and town_b.mandatory_met is False
    assert table.levels == [Level.COUNTY]


def test_target_completion(world, scored):
    from govdesk.scoring.models import Target

    unit_category_set(actor=None, unit=world.town_a, year=2026, category="A")
    Target.objects.create(scheme=scored, unit_kind="township", category="A", points=60)
    rows = {r.unit.pk: r for r in selectors.ranking(scored, periods.month(2026, 3)).rows}
    assert rows[world.town_a.pk].completion == Decimal("20.0")  # 12 / 60
    assert rows[world.town_b.pk].completion is None


def test_index_lists_what_each_user_may_read(world, scored, login):
    assert "考核排名" in login(world.county_editor).get("/scoring/").content.decode()
    mine = login(world.a_officer).get("/scoring/").content.decode()
    assert "城关镇人民政府" in mine and "考核排名" not in mine


def test_periods():
    assert periods.quarter(2026, 2).start.month == 4
    assert periods.month(2026, 3).previous() == periods.month(2026, 2)
    assert periods.half(2026, 2).previous() == periods.half(2026, 1)
    custom = periods.from_query({"start": "2026-05-01", "end": "2026-04-01"}, 2026, None)
    assert (custom.start.month, custom.end.month) == (4, 5)


@pytest.mark.parametrize("who", ["city_editor", "outsider", "county_leader"])
def test_others_cannot_see_the_county_ranking_or_ledgers(world, scored, login, who):
    client = login(world.people[who])
    assert client.get(f"/scoring/{scored.pk}/ranking/").status_code == 404
    assert client.get(f"/scoring/{scored.pk}/notice/?format=xlsx").status_code == 404
    assert client.get(f"/scoring/{scored.pk}/units/{world.town_a.pk}/").status_code == 404
