"""The done-when of moving in: the demo county's year, exported and imported into an
empty database, gives identical rankings and award candidates."""

import io

import pytest
from django.core.management import call_command

from govdesk.awards.evaluation import evaluate
from govdesk.awards.services import awards_install_preset
from govdesk.lib import periods
from govdesk.records.models import ImportedRecord
from govdesk.records.services import records_export, records_import
from govdesk.scoring import selectors
from govdesk.scoring.models import Scheme, SchemeStatus
from govdesk.units.models import Unit

# Half a year of the demo, all inside 2026, at a tenth of its size.
DEMO = ("--today", "2026-07-15", "--months", "6", "--scale", "0.1")
COUNTY = "清河县人民政府办公室"
YEAR = 2026


def _county_scheme() -> Scheme:
    return Scheme.objects.get(office__name=COUNTY, year=YEAR, status=SchemeStatus.IN_FORCE)


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
def test_the_demo_countys_year_round_trips_with_the_same_rankings_and_candidates(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", *DEMO, stdout=io.StringIO())
    awards_install_preset(actor=None, scheme=_county_scheme(), preset="county")
    before = _standing()
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
    after = _standing()
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]
