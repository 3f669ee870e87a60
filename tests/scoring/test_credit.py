"""Who is credited beyond a plain adoption: a 综合信息 article combining several units'
items, and items that answered a solicitation (约稿)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from govdesk.bulletins import services as issues
from govdesk.lib import clock
from govdesk.scoring.models import CombinedCredit, LedgerLine
from govdesk.solicitations import services as solicitations
from govdesk.units.models import Level
from tests.fixtures.scoring import at, total
from tests.scoring.test_ledger import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(world, events, county_scheme):
    """城关镇, 河口乡 and 县应急管理局 items adopted into 《专报信息》 as 专题 (7 each)."""
    authors = [
        (world.town_a, world.a_officer),
        (world.town_b, world.b_officer),
        (world.dept, world.d_officer),
    ]
    found = []
    for unit, officer in authors:
        item = events.submitted(at(4, 1), unit=unit, by=officer, title=f"{unit.name}防汛")
        events.adopt(item, world.zhuanbao, kind="special", on=at(4, 2))
        found.append(item)
    return found


def combine(world, items):
    with clock.frozen_at(at(4, 3)):
        issue = issues.issue_create(actor=world.county_editor, publication=world.zhuanbao)
        return issues.entry_add(
            actor=world.county_editor,
            issue_id=issue.pk,
            item_ids=[item.pk for item in items],
            title="全县防汛工作综述",
            body="各地各部门……",
        )


def test_combined_article_credits_every_unit_in_full_by_default(world, county_scheme, three):
    """范文2 二(二)2: 《专报信息》采用专题类信息1条计7分 — counted per unit item adopted;
    the seeds do not share it out, so each contributing unit keeps its 7."""
    assert county_scheme.combined_credit == CombinedCredit.EACH
    combine(world, three)
    for unit in (world.town_a, world.town_b, world.dept):
        assert total(unit, county_scheme) == 7
    line = LedgerLine.objects.get(unit=world.town_b)
    assert "3条合编为综合信息，各计全额" in line.cause


def test_shared_setting_splits_the_price_among_the_articles_items(
    world, county_scheme, three, django_capture_on_commit_callbacks
):
    """7 ÷ 3 = 2.33… → 2.3 each (the ledger keeps 0.1 point, half up)."""
    county_scheme.combined_credit = CombinedCredit.SHARED
    county_scheme.save()
    entry = combine(world, three)
    for unit in (world.town_a, world.town_b, world.dept):
        assert total(unit, county_scheme) == Decimal("2.3")
    assert "均分，每条计1/3" in LedgerLine.objects.get(unit=world.dept).cause
    live = snapshot()
    call_command("rebuild_ledger", office=world.county.name, year=2026)
    assert snapshot() == live
    # Taken out of the issue again: each item is its own article, full price.
    with django_capture_on_commit_callbacks(execute=True):
        issues.entry_remove(actor=world.county_editor, entry_id=entry.pk)
    assert total(world.town_a, county_scheme) == 7


def test_two_items_of_a_unit_share_two_parts(world, events, county_scheme, three):
    """A unit with two of the article's four items gets two quarters of the price:
    2 × (7 ÷ 4 = 1.75 → 1.8) = 3.6."""
    county_scheme.combined_credit = CombinedCredit.SHARED
    county_scheme.save()
    second = events.submitted(at(4, 1), title="城关镇防汛二")
    events.adopt(second, world.zhuanbao, kind="special", on=at(4, 2))
    combine(world, [*three, second])
    assert total(world.town_a, county_scheme) == Decimal("3.6")
    assert total(world.town_b, county_scheme) == Decimal("1.8")


@pytest.fixture
def asked(world, point):
    """A city solicitation (约稿) to the direct-report point, due on 6 June."""
    with clock.frozen_at(at(6, 1)):
        return solicitations.solicitation_create(
            actor=world.city_editor,
            office=world.city,
            topic="夏季安全生产",
            requirements="",
            deadline=at(6, 6),
            unit_ids=[point.pk],
        )


def answer(world, asked, item, on):
    with clock.frozen_at(on):
        solicitations.solicitation_answer(
            actor=world.p_officer, solicitation_id=asked.pk, item_id=item.pk
        )


def test_answered_solicitation_earns_the_bonus_whatever_the_adoption_kind(
    world, events, city_scheme, city_pubs, point, asked
):
    """范文6 二(五): 约稿信息被市政府办公室采用的每条另加5分，被省政府办公厅采用的每条另加10分.
    Once per item and adopting level: 《情况》 5 + 5; 《信息快报》 as 约稿 tops up 10 − 5 = 5
    with no second city bonus; the province's 《信息简报》 tops up 10 − 10 = 0 and adds its
    own bonus 10. 5 + 5 + 5 + 0 + 10 = 25."""
    item = events.submitted(
        at(6, 2), unit=point, by=world.p_officer, signer=world.p_reviewer, title="直报点安全"
    )
    answer(world, asked, item, at(6, 3))
    events.adopt(item, city_pubs["情况"], kind="general", on=at(6, 10))
    assert total(point, city_scheme) == 10
    events.adopt(item, city_pubs["信息快报"], kind="solicited", on=at(6, 11))
    assert total(point, city_scheme) == 15
    events.adopt_external(item, Level.PROVINCE, "信息简报", on=at(6, 20))
    assert total(point, city_scheme) == 25
    bonuses = LedgerLine.objects.filter(unit=point, rule__kind="solicited").order_by("on")
    assert [(b.level, b.points) for b in bonuses] == [(Level.CITY, 5), (Level.PROVINCE, 10)]


def test_answer_linked_after_the_adoption_adds_the_bonus(
    world, events, city_scheme, city_pubs, point, asked
):
    """Linking the answer later rescores the item: the bonus is dated with the adoption."""
    item = events.submitted(
        at(6, 2), unit=point, by=world.p_officer, signer=world.p_reviewer, title="直报点安全"
    )
    events.adopt(item, city_pubs["情况"], on=at(6, 3))
    assert total(point, city_scheme) == 5
    answer(world, asked, item, at(6, 3) + timedelta(hours=2))
    bonus = LedgerLine.objects.get(unit=point, rule__kind="solicited")
    assert (bonus.points, bonus.on) == (5, at(6, 3).date())
    live = snapshot()
    call_command("rebuild_ledger", office=world.city.name, year=2026)
    assert snapshot() == live
