"""采用率 cannot pass 100%: it is the share of the items sent in the period that were
adopted, whenever; the adoptions of the period (which may be of items sent earlier)
stay in the 采用 column. The definition is printed under the ranking, in the notice's
.xlsx and under the printed table of its .docx."""

from datetime import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from govdesk.items.models import Item
from govdesk.lib import clock, periods
from govdesk.scoring import ledger, selectors
from govdesk.scoring.selectors import RATE_DEFINITION
from tests.fixtures.scoring import TZ, at
from tests.scoring.test_adopted_counts import _whole_month_periods
from tests.scoring.test_credit import combine

pytestmark = pytest.mark.django_db

DEFINITION = (
    "采用率 = 本期报送的信息中已被采用的条数（无论何时采用）÷ 本期报送条数，不会超过100%；"
    "“采用”列是本期内被采用的条数，可能包括以前报送的信息，所以不能用它除以“报送”。"
)


@pytest.fixture
def late(world, events, county_scheme):
    """河口乡 sends four items in February, all adopted in March, and three in March, one
    of them adopted in April: March has 4 adoptions for 3 items sent (once "133.3%")."""
    sent = [
        events.submitted(at(2, day), unit=world.town_b, by=world.b_officer, title=f"二月{day}")
        for day in (2, 3, 4, 5)
    ]
    march = [
        events.submitted(at(3, day), unit=world.town_b, by=world.b_officer, title=f"三月{day}")
        for day in (2, 3, 4)
    ]
    for item in sent:
        events.adopt(item, world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(3, 20))
    events.adopt(march[0], world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(4, 8))
    return county_scheme


def _row(scheme, world, month):
    table = selectors.ranking(scheme, periods.month(2026, month))
    return next(row for row in table.rows if row.unit == world.town_b)


def test_rate_counts_the_periods_own_items_whenever_adopted(world, late):
    march = _row(late, world, 3)
    assert (march.submitted, march.adopted, march.sent_adopted) == (3, 4, 1)
    assert march.adoption_rate == Decimal("33.3")
    february = _row(late, world, 2)
    assert (february.submitted, february.adopted, february.sent_adopted) == (4, 0, 4)
    assert february.adoption_rate == Decimal("100.0")


def test_rate_never_passes_a_hundred_in_any_period(world, late):
    for period in (periods.month(2026, m) for m in range(1, 6)):
        for row in selectors.ranking(late, period).rows:
            assert row.adoption_rate is None or row.adoption_rate <= 100


def test_definition_under_the_ranking_and_in_the_notice_files(world, late, login):
    assert RATE_DEFINITION == DEFINITION
    client = login(world.county_editor)
    page = client.get(f"/scoring/{late.pk}/ranking/?month=3").content.decode()
    assert DEFINITION in page.split("</table>")[1]
    assert "33.3%" in page and "133.3%" not in page

    xlsx = client.get(f"/scoring/{late.pk}/notice/?month=3&format=xlsx").content
    book = load_workbook(BytesIO(xlsx))
    explained = {r[0]: r[1] for r in book["指标说明"].iter_rows(values_only=True) if r[0]}
    assert explained["采用率"] == DEFINITION
    # Below the sheet's title, 文号, period and definitions: the table, from its header.
    table = list(book["考核情况"].iter_rows(values_only=True))
    start = next(n for n, r in enumerate(table) if r[:3] == ("分组", "排名", "单位"))
    header = table[start]
    rows = {r[2]: dict(zip(header, r, strict=True)) for r in table[start + 1 :]}
    assert (rows["河口乡"]["报送"], rows["河口乡"]["其中已采用"], rows["河口乡"]["采用"]) == (
        3,
        1,
        4,
    )
    assert rows["河口乡"]["采用率(%)"] == 33.3

    url = f"/scoring/{late.pk}/notice/?month=3&format=docx&number=县府办信息通〔2026〕3号"
    doc = Document(BytesIO(client.get(url).content))
    assert f"注：{DEFINITION}" in [p.text for p in doc.paragraphs]


def _sent_adopted_of_the_items(scheme, period) -> dict:
    """The count as the ranking read it before session 7, item by item: the items sent
    to the scheme's office in the period that have an adoption, whenever."""
    counts = {}
    for item in Item.objects.filter(office=scheme.office, submitted_at__isnull=False):
        sent_on = timezone.localdate(item.submitted_at)
        if period.start <= sent_on <= period.end and item.adoptions.exists():
            counts[item.unit_id] = counts.get(item.unit_id, 0) + 1
    return counts


def _sent_adopted_of_the_ranking(scheme, period) -> dict:
    rows = selectors.ranking(scheme, period).rows
    return {row.unit.pk: row.sent_adopted for row in rows if row.sent_adopted}


def _assert_every_period_agrees(*schemes):
    between = periods.from_query({"start": "2026-02-15", "end": "2026-04-20"}, 2026, at(6).date())
    for scheme in schemes:
        scheme.refresh_from_db()
        assert scheme.summarised
        for period in (*_whole_month_periods(), between):
            expected = _sent_adopted_of_the_items(scheme, period)
            assert _sent_adopted_of_the_ranking(scheme, period) == expected, (scheme, period)


def test_sent_adopted_comes_from_the_month_summaries_as_the_items_give_it(
    world, events, history, county_scheme, city_scheme, point
):
    """Originals, a copy adopted by the city and a province, a 综合信息 article of three
    units' items, an item of December adopted the next January: the ranking's count
    (read from ``UnitMonth``, never the items) equals the items' own in every period."""
    authors = [
        (world.town_a, world.a_officer),
        (world.town_b, world.b_officer),
        (world.dept, world.d_officer),
    ]
    three = [events.submitted(at(4, 1), unit=u, by=o, title=f"{u.name}防汛") for u, o in authors]
    for item in three:
        events.adopt(item, world.zhuanbao, kind="special", on=at(4, 2))
    combine(world, three)
    december = events.submitted(at(12, 20), unit=world.town_b, by=world.b_officer, title="岁末")
    with clock.frozen_at(at(12, 28)):
        ledger.rebuild(county_scheme)  # the rebuild writes the summaries too
    next_january = datetime(2027, 1, 8, 10, tzinfo=TZ)
    events.adopt(december, world.kuaixun, column=world.kuaixun_work, kind="brief", on=next_january)
    _assert_every_period_agrees(county_scheme, city_scheme)
    year = _sent_adopted_of_the_ranking(county_scheme, periods.whole_year(2026))
    # 城关镇: its 经验 (copy adopted above) and 防汛; 河口乡: 防汛 and 岁末; 应急局: 演练, 防汛.
    assert year == {world.town_a.pk: 2, world.town_b.pk: 2, world.dept.pk: 2}
    # The city: the county's copy, and its direct-report point's own item.
    city = _sent_adopted_of_the_ranking(city_scheme, periods.whole_year(2026))
    assert city == {world.county.pk: 1, point.pk: 1}


def test_one_adoption_updates_the_count_of_the_month_the_item_was_sent(
    world, events, late, county_scheme
):
    """河口乡's March items: one adopted (April); adopting another in May moves March's
    count to 2 without a rebuild, and nothing else."""
    march = periods.month(2026, 3)
    assert _sent_adopted_of_the_ranking(county_scheme, march) == {world.town_b.pk: 1}
    waiting = Item.objects.get(title="三月3")
    events.adopt(waiting, world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(5, 6))
    assert _sent_adopted_of_the_ranking(county_scheme, march) == {world.town_b.pk: 2}
    assert _sent_adopted_of_the_ranking(county_scheme, periods.month(2026, 5)) == {}
    _assert_every_period_agrees(county_scheme)
