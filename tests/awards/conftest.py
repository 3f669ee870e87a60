"""Award test helpers: the scoring helpers (events at chosen dates in 2026, the seed
schemes), a unit's year of monthly adoptions, hand-written ledger lines for rank
tests, and the seed award rules installed on a scheme."""

from decimal import Decimal

import pytest

from govdesk.awards.evaluation import evaluate
from govdesk.awards.models import Award
from govdesk.awards.services import awards_install_preset
from govdesk.scoring import ledger
from govdesk.scoring.models import LedgerLine, RuleKind, Scheme, Target
from govdesk.scoring.services import scheme_install_preset
from govdesk.units.services import unit_create
from tests.scoring.conftest import (  # noqa: F401 - fixtures shared with the scoring tests
    YEAR,
    at,
    city_scheme,
    county_scheme,
    events,
)


def credit(scheme: Scheme, unit, points, month: int = 6) -> LedgerLine:
    """A ledger line as the engine writes it (and the unit's month summaries with it),
    for tests that need only scores (ranks)."""
    rule = scheme.rules.filter(kind=RuleKind.ADOPTION).first()
    day = at(month).date().replace(year=scheme.year)
    line = LedgerLine.objects.create(
        scheme=scheme,
        unit=unit,
        rule=rule,
        points=Decimal(points),
        on=day,
        year=scheme.year,
        month=month,
        cause="测试计分",
    )
    ledger.refresh_months(scheme, {unit.pk})
    return line


def townships(world, count: int) -> list:
    return [
        unit_create(actor=None, parent=world.county, name=f"第{i}镇人民政府", kind="township")
        for i in range(1, count + 1)
    ]


def target(scheme: Scheme, unit_kind: str, points) -> Target:
    return Target.objects.create(scheme=scheme, unit_kind=unit_kind, points=Decimal(points))


def check(scheme: Scheme, code: str, unit, officer=None, kind: str | None = None):
    """The checks of one subject for one award (all, or those of one criterion kind)."""
    award = Award.objects.get(scheme=scheme, code=code)
    found = evaluate(scheme).find(award.pk, unit.pk, officer.pk if officer else None)
    return found if kind is None else next(c for c in found.checks if c.criterion.kind == kind)


def failing(candidate) -> list[str]:
    return [c.criterion.kind for c in candidate.checks if not c.ok]


class Year:
    """A unit's year of work through the real services: one item a month adopted in
    《快讯》“工作简况” as comprehensive (3 points), the March item in 《专报信息》 as
    专题 (7), the June item also forwarded (1) and adopted by the city's 《信息快报》 (5):
    11 × 3 + 7 + 1 + 5 = 46 points, with every month covered."""

    POINTS = 46

    def __init__(self, world, recorder):
        self.w, self.e = world, recorder
        self.city_bulletin = None

    def run(self, unit, by, *, skip=(), city=True) -> dict[int, object]:
        items = {}
        for month in range(1, 13):
            if month in skip:
                continue
            item = self.e.submitted(at(month), unit=unit, by=by, title=f"{unit.name}{month}月信息")
            if month == 3:
                self.e.adopt(item, self.w.zhuanbao, kind="special", on=at(3, 12))
            else:
                column = self.w.kuaixun_work
                self.e.adopt(
                    item, self.w.kuaixun, column=column, kind="comprehensive", on=at(month, 12)
                )
            if month == 6 and city:
                if self.city_bulletin is None:
                    self.city_bulletin = self.e.publication(self.w.city, "信息快报")
                copy = self.e.forward(item, on=at(6, 13))
                self.e.adopt(copy, self.city_bulletin, on=at(6, 20))
            items[month] = item
        return items


@pytest.fixture
def year(world, events):  # noqa: F811 - the imported fixture
    return Year(world, events)


@pytest.fixture
def county_awards(world, county_scheme):  # noqa: F811 - the imported fixture
    """范文2's award rules on the county scheme, with a township target of 40 points
    and a department target of 30 (the county sets targets per unit, 范文2 二(一))."""
    target(county_scheme, "township", 40)
    target(county_scheme, "department", 30)
    awards_install_preset(actor=world.county_chief, scheme=county_scheme, preset="county")
    return county_scheme


@pytest.fixture
def last_year(world):
    return scheme_install_preset(actor=None, office=world.county, year=YEAR - 1, preset="county")
