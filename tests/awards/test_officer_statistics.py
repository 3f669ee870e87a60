"""Officer statistics per quarter and year: submitted, adopted by level, annotations,
solicitations answered — the basis of the quarterly officer evaluation the seeds
describe (DOMAIN.md §7 “quarterly officer evaluation by submitted/adopted counts”)."""

import pytest

from govdesk.awards.selectors import officer_statistics
from govdesk.lib import periods
from govdesk.solicitations.models import Solicitation, SolicitationResponse
from govdesk.units.models import Level
from tests.fixtures.awards import YEAR, at

pytestmark = pytest.mark.django_db


def test_officer_figures_by_quarter_and_year(world, year, events, county_scheme):
    """张晓梅 (城关镇) works the ``Year``: 12 items submitted and adopted by the county,
    the June one also by the city; a county leader annotates the May item; the April
    item answers a solicitation. 王磊 (河口乡) submits one item in July, not adopted."""
    items = year.run(world.town_a, world.a_officer)
    events.annotate(items[5], Level.COUNTY, on=at(5, 20))
    solicitation = Solicitation.objects.create(
        office=world.county, topic="春耕约稿", deadline=at(4, 30), created_by=world.county_editor
    )
    solicitation.units.set([world.town_a])
    SolicitationResponse.objects.create(
        solicitation=solicitation,
        unit=world.town_a,
        item=items[4],
        linked_by=world.a_officer,
        linked_at=at(4, 11),
    )
    events.submitted(at(7), unit=world.town_b, by=world.b_officer, title="河口乡七月信息")

    rows, levels = officer_statistics(county_scheme, periods.quarter(YEAR, 2))
    assert levels == [Level.COUNTY, Level.CITY]
    figures = {
        r.officer.username: (r.submitted, r.level_counts, r.annotations, r.solicitations)
        for r in rows
    }
    assert figures["a_officer"] == (3, [3, 1], 1, 1)
    assert figures["b_officer"] == (0, [0, 0], 0, 0)
    assert figures["d_officer"] == (0, [0, 0], 0, 0)

    rows, _ = officer_statistics(county_scheme, periods.whole_year(YEAR))
    figures = {r.officer.username: (r.submitted, r.adopted, r.annotations) for r in rows}
    assert figures["a_officer"] == (12, 13, 1)  # 12 county adoptions + 1 city
    assert figures["b_officer"] == (1, 0, 0)
