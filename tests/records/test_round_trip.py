"""The done-when of moving in: the demo county's year, exported and imported into an
empty database, gives identical rankings and award candidates."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from govdesk.accounts.models import Membership, Role
from govdesk.awards.evaluation import evaluate
from govdesk.awards.services import awards_install_preset
from govdesk.bulletins import services as issues
from govdesk.bulletins.models import IssueEntry
from govdesk.lib import clock, periods
from govdesk.publications.models import Adoption, Publication
from govdesk.records.models import ImportedRecord
from govdesk.records.services import records_export, records_import
from govdesk.scoring import ledger, selectors
from govdesk.scoring.models import Scheme, SchemeStatus
from govdesk.solicitations.models import Solicitation
from govdesk.solicitations.services import solicitation_answer, solicitation_create
from govdesk.units.models import Unit

# Half a year of the demo, all inside 2026, at a tenth of its size.
DEMO = ("--today", "2026-07-15", "--months", "6", "--scale", "0.1")
COUNTY = "清河县人民政府办公室"
YEAR = 2026


def _county_scheme() -> Scheme:
    return Scheme.objects.get(office__name=COUNTY, year=YEAR, status=SchemeStatus.IN_FORCE)


def _second(moment):
    return moment.replace(microsecond=0)  # the workbook keeps times to the second


def _carried() -> tuple[list, list]:
    """The county's solicitations with their answers, and its combined articles, by
    names, titles and times (the ids change in the new database)."""
    solicitations = [
        (
            s.topic,
            _second(s.deadline),
            _second(s.created_at),
            sorted(u.name for u in s.units.all()),
            sorted((r.item.title, r.unit.name, _second(r.linked_at)) for r in s.responses.all()),
        )
        for s in Solicitation.objects.filter(office__name=COUNTY).order_by("created_at")
    ]
    combined = [
        (
            str(e.issue),
            e.issue.date,
            e.title,
            e.body,
            sorted((i.title, i.unit.name, _second(i.submitted_at)) for i in e.items.all()),
        )
        for e in IssueEntry.objects.filter(combined=True).order_by("issue__date", "title")
    ]
    return solicitations, combined


def _solicit_and_combine() -> None:
    """What the demo does not make: an adopted item that answered a solicitation (so its
    adoption is priced as 约稿) and a released 综合信息 article of two units' items."""
    county = Unit.objects.get(name=COUNTY)
    kuaixun = Publication.objects.get(office=county, code="kuaixun")
    editor = Membership.objects.filter(unit=county, role=Role.EDITOR, is_active=True)[0].user
    chief = Membership.objects.filter(unit=county, role=Role.CHIEF, is_active=True)[0].user
    adopted = Adoption.objects.filter(
        publication=kuaixun, adopted_at__month=3, adopted_at__year=YEAR
    ).select_related("item")
    first = adopted.order_by("adopted_at")[0].item
    second = adopted.exclude(item__unit=first.unit).order_by("adopted_at")[0].item
    with clock.frozen_at(first.submitted_at - timedelta(days=1)):
        asked = solicitation_create(
            actor=editor,
            office=county,
            topic="春耕备耕工作情况",
            requirements="请报送春耕备耕的做法和数据。",
            deadline=first.submitted_at + timedelta(days=3),
            unit_ids=[first.unit_id, second.unit_id],
        )
    with clock.frozen_at(first.submitted_at + timedelta(minutes=5)):
        solicitation_answer(actor=first.created_by, solicitation_id=asked.pk, item_id=first.pk)
    with clock.frozen_at(datetime(YEAR, 3, 31, 16, 30, tzinfo=ZoneInfo("Asia/Shanghai"))):
        issue = issues.issue_create(actor=editor, publication=kuaixun)
        issues.entry_add(
            actor=editor,
            issue_id=issue.pk,
            item_ids=[first.pk, second.pk],
            title="各地扎实推进春耕备耕",
            body="近期，各乡镇抓好春耕备耕……",
        )
        issues.issue_sign(actor=chief, issue_id=issue.pk)
        issues.issue_release(actor=chief, issue_id=issue.pk)
    ledger.rebuild(_county_scheme())


def _standing() -> tuple[list, list, list]:
    """The county's year as names and numbers: annual ranking, every month's ranking,
    and the award candidates with each criterion's status."""
    scheme = _county_scheme()

    def rows(period):
        return [
            (r.unit.name, r.group, r.rank, r.score, r.submitted, r.adopted, r.annotations)
            for r in selectors.ranking(scheme, period).rows
        ]

    months = [rows(periods.month(YEAR, m)) for m in range(1, 8)]
    candidates = [
        (
            award.code,
            c.unit.name,
            c.officer.username if c.officer else "",
            c.verdict,
            c.score,
            [(check.criterion.kind, check.status) for check in c.checks],
        )
        for award, cands in evaluate(scheme).results
        for c in cands
    ]
    return rows(periods.whole_year(YEAR)), months, candidates


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_demo_countys_year_round_trips_with_the_same_rankings_and_candidates():
    call_command("load_demo", *DEMO, stdout=io.StringIO())
    awards_install_preset(actor=None, scheme=_county_scheme(), preset="county")
    plain = _standing()[0]
    _solicit_and_combine()
    before, carried = _standing(), _carried()
    assert before[0] != plain, "the answered solicitation changes the ranking"
    assert len(carried[0]) == 2 and all(answers for *_, answers in carried[0])
    assert len(carried[1]) == 1
    assert before[0] and before[2], "the demo year has a ranking and award candidates"
    exported = records_export(office=Unit.objects.get(name=COUNTY), year=YEAR)

    call_command("flush", "--no-input")
    assert not Unit.objects.exists()
    report = records_import(
        actor=None, files=[("清河县2026年台账.xlsx", io.BytesIO(exported))], apply=True
    )

    assert [str(p) for p in report.problems] == []
    assert (
        report.counts["items"] == ImportedRecord.objects.filter(content_type__model="item").count()
    )
    assert report.counts["solicitations"] == 2 and report.counts["responses"] == 2
    assert report.counts["combined"] == 1
    assert _carried() == carried
    after = _standing()
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]
