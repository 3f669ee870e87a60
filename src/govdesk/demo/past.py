"""The demo's settled past, kept out of the production services: last year's awards
confirmed and this year's past monthly notices issued, each through the real services
(and so in the change log) as the people who would have done it."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from govdesk.awards.evaluation import PENDING, evaluate
from govdesk.awards.models import Confirmation
from govdesk.awards.services import attestation_set, awards_install_preset, evaluation_confirm
from govdesk.circulars.models import Circular, Kind
from govdesk.circulars.services import circular_issue, circular_prepare, first_workday
from govdesk.lib import clock, periods
from govdesk.scoring.models import Scheme, SchemeStatus
from govdesk.units.models import Unit


@transaction.atomic
def awards_demo_confirm(*, actor, office: Unit, year: int, preset: str = "county") -> Confirmation:
    """For the demo builder: install ``preset`` on every scheme in force of ``office``
    that has no awards yet, then settle ``year`` (a past year): attest the attested
    criteria of every subject that meets all the others, and confirm the list as
    ``actor`` (the office's chief editor)."""
    schemes = Scheme.objects.filter(office=office, status=SchemeStatus.IN_FORCE)
    for scheme in schemes.filter(awards=None):
        awards_install_preset(actor=actor, scheme=scheme, preset=preset)
    scheme = schemes.get(year=year)
    for _, candidates in evaluate(scheme).results:
        for c in candidates:
            if not c.pending:
                continue
            for check in c.checks:
                if check.status == PENDING:
                    attestation_set(
                        actor=actor,
                        criterion=check.criterion,
                        unit=c.unit,
                        officer=c.officer,
                        met=True,
                        note="已查阅单位报送的工作制度和人员名单",
                    )
    return evaluation_confirm(actor=actor, scheme=scheme)


def circulars_issue_past_months(*, actor, scheme: Scheme, until: date) -> list[Circular]:
    """For the demo: the scheme's monthly notices, each prepared and issued on the first
    working day of the month after it, for every month that ended before ``until``."""
    issued = []
    for month in range(1, 13):
        period = periods.month(scheme.year, month)
        if period.end >= until:
            break
        after = period.end + timedelta(days=1)
        day = first_workday(after.year, after.month)
        moment = timezone.make_aware(datetime.combine(day, time(9, 30)))
        with clock.frozen_at(moment):
            draft = circular_prepare(
                actor=actor,
                office=scheme.office,
                kind=Kind.SCORING_MONTH,
                year=scheme.year,
                number=month,
            )
            issued.append(
                circular_issue(actor=actor, circular_id=draft.pk, doc_number=draft.doc_number)
            )
    return issued
