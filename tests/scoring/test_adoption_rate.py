"""采用率 cannot pass 100%: it is the share of the items sent in the period that were
adopted, whenever; the adoptions of the period (which may be of items sent earlier)
stay in the 采用 column. The definition is printed under the ranking, in the notice's
.xlsx and under the printed table of its .docx."""

from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from govdesk.lib import periods
from govdesk.scoring import selectors
from govdesk.scoring.selectors import RATE_DEFINITION
from tests.fixtures.scoring import at

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
