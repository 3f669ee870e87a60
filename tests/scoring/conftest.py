"""Scoring test helpers: events at chosen dates in 2026 for the shared ``world``, and
the two seed schemes installed for its county and city offices."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from govdesk.accounts.models import Role
from govdesk.annotations.models import Annotation
from govdesk.audit.services import record
from govdesk.items import services as items
from govdesk.lib import clock
from govdesk.publications.models import Adoption, Publication
from govdesk.publications.services import publication_external_create
from govdesk.scoring.models import LedgerLine
from govdesk.scoring.services import (
    penalty_record,
    point_county_set,
    scheme_install_preset,
)
from govdesk.solicitations import services as solicitations
from govdesk.units.models import Level
from govdesk.units.services import unit_counterpart_set, unit_create
from tests.conftest import make_user

YEAR = 2026
TZ = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int = 10, hour: int = 10) -> datetime:
    return datetime(YEAR, month, day, hour, tzinfo=TZ)


class Events:
    """Writes events through the real services, at a frozen time."""

    def __init__(self, world):
        self.w = world

    def submitted(self, on: datetime, *, signer=None, **fields):
        with clock.frozen_at(on):
            if signer is None:
                return self.w.submitted(**fields)
            item = self.w.pending(**fields)
            return items.item_transition(item_id=item.pk, action="sign_off", actor=signer)

    def adopt(self, item, publication, *, on, kind="general", column=None, by=None):
        by = by or (
            self.w.city_editor if publication.office == self.w.city else self.w.county_editor
        )
        with clock.frozen_at(on):
            return items.item_adopt(
                item_id=item.pk, actor=by, publication=publication, column=column, kind=kind
            )

    def forward(self, item, *, on):
        with clock.frozen_at(on):
            return items.item_forward(item_id=item.pk, actor=self.w.county_editor)

    def annotate(self, item, level: int, *, on, name="某领导"):
        """A leader's annotation as the annotation service records it: the row, then
        ``annotation.created`` in the change log (the ledger's trigger)."""
        with clock.frozen_at(on):
            note = Annotation.objects.create(
                item=item,
                leader_name=name,
                leader_level=level,
                text="请认真研究落实。",
                annotated_at=on,
                on_behalf=True,
                entered_by=self.w.county_editor,
            )
            record(
                actor=self.w.county_editor,
                action="annotation.created",
                target=note,
                summary="代录批示",
                item_id=item.pk,
            )
        return note

    def answered(self, item, *, topic="春耕生产", asked_on, answered_on):
        """``item`` answers a solicitation the county's desk sent its unit on ``asked_on``
        (due ten days later); the unit's officer links it on ``answered_on``."""
        with clock.frozen_at(asked_on):
            asked = solicitations.solicitation_create(
                actor=self.w.county_editor,
                office=self.w.county,
                topic=topic,
                requirements="",
                deadline=asked_on + timedelta(days=10),
                unit_ids=[item.unit_id],
            )
        with clock.frozen_at(answered_on):
            solicitations.solicitation_answer(
                actor=self.w.a_officer, solicitation_id=asked.pk, item_id=item.pk
            )
        return asked

    def adopt_external(self, item, level: int, name: str, *, on, kind="general"):
        """An adoption by a publication above this deployment (省、国务院), entered by an
        editor: the row, then an ``adoption.`` change (the ledger's trigger)."""
        publication = Publication.objects.filter(office=None, level=level, name=name).first()
        if publication is None:
            publication = publication_external_create(actor=None, name=name, level=level)
        adoption = Adoption.objects.create(
            item=item,
            publication=publication,
            kind=kind,
            adopted_by=self.w.city_editor,
            adopted_at=on,
        )
        record(
            actor=self.w.city_editor,
            action="adoption.external",
            target=adoption,
            summary=f"录入上级刊物采用：{publication}",
            item_id=item.pk,
        )
        return adoption

    def publication(self, office, name, kinds=("general",)):
        return Publication.objects.create(
            office=office,
            name=name,
            code=f"p{Publication.objects.count()}",
            adoption_kinds=list(kinds),
        )


def total(unit, scheme=None, **filters) -> Decimal:
    lines = LedgerLine.objects.filter(unit=unit, **filters)
    if scheme is not None:
        lines = lines.filter(scheme=scheme)
    return lines.aggregate(s=Sum("points"))["s"] or Decimal(0)


def points(unit, scheme=None) -> list:
    """The unit's lines as (points, rule label), in ledger order: what the ledger page shows."""
    lines = LedgerLine.objects.filter(unit=unit).select_related("rule").order_by("on", "id")
    if scheme is not None:
        lines = lines.filter(scheme=scheme)
    return [(line.points, line.rule.label) for line in lines]


@pytest.fixture
def events(world):
    return Events(world)


@pytest.fixture
def county_scheme(world):
    return scheme_install_preset(actor=None, office=world.county, year=YEAR, preset="county")


@pytest.fixture
def city_scheme(world):
    return scheme_install_preset(actor=None, office=world.city, year=YEAR, preset="city")


@pytest.fixture
def point(world):
    """A grassroots direct-report point under the city, lying in the world's county,
    with the city department as its counterpart, and its two people."""
    unit = unit_create(
        actor=None,
        parent=world.city,
        name="城关镇基层信息直报点",
        kind="grassroots",
    )
    unit = unit_counterpart_set(actor=None, unit=unit, counterpart=world.city_dept)
    point_county_set(actor=None, point=unit, county=world.county)
    world.people["p_officer"] = make_user("p_officer", "林峰", [(unit, Role.OFFICER)])
    world.people["p_reviewer"] = make_user("p_reviewer", "高远", [(unit, Role.REVIEWER)])
    return unit


@pytest.fixture
def city_pubs(world, events):
    """The city office's bulletins of 范文6 二(一)."""
    return {
        name: events.publication(world.city, name, ("general", "research", "solicited"))
        for name in ("情况", "信息参考", "信息快报", "信息摘报")
    }


@pytest.fixture
def scored(world, events, county_scheme):
    """March: 城关镇 7 (专报 专题) + 5 (县领导批示); 县应急管理局 3; 河口乡 nothing.
    February: 河口乡 1, 城关镇 nothing."""
    feb = events.submitted(at(2), unit=world.town_b, by=world.b_officer, title="河口乡简讯")
    events.adopt(feb, world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(2, 12))
    item = events.submitted(at(3), title="城关镇专题")
    events.adopt(item, world.zhuanbao, kind="special", on=at(3, 12))
    events.annotate(item, Level.COUNTY, on=at(3, 13))
    events.submitted(at(3), title="城关镇未采用信息")
    dept = events.submitted(at(3), unit=world.dept, by=world.d_officer, title="应急局综合")
    events.adopt(dept, world.zhuanbao, kind="comprehensive", on=at(3, 14))
    return county_scheme


@pytest.fixture
def history(world, events, county_scheme, city_scheme, city_pubs, point):
    """A year of mixed events for both schemes."""
    item = events.submitted(at(2), title="城关镇经验")
    events.adopt(item, events.publication(world.county, "工作交流"), on=at(2, 12))
    events.annotate(item, Level.COUNTY, on=at(2, 20))
    copy = events.forward(item, on=at(2, 21))
    events.adopt(copy, city_pubs["情况"], kind="research", on=at(3, 5))
    events.adopt_external(copy, Level.PROVINCE, "信息简报", on=at(4, 5))
    other = events.submitted(at(5), unit=world.dept, by=world.d_officer, title="应急演练")
    events.adopt(other, world.zhuanbao, kind="special", on=at(5, 12))
    own = events.submitted(
        at(6), unit=point, by=world.p_officer, signer=world.p_reviewer, title="直报"
    )
    events.adopt(own, city_pubs["信息快报"], kind="solicited", on=at(6, 12))
    penalty_record(
        actor=world.county_editor,
        unit=world.town_b,
        kind="missed",
        occurred_on=date(2026, 7, 3),
        description="漏报",
    )
