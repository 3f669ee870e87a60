"""What-if (方案测算): a draft scheme applied to the events a scheme in force has
scored, priced in memory (nothing stored), ranked side by side with the ledger —
so an office designs next year's rules on this year's data."""

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone

from govdesk.lib import clock, periods
from govdesk.scoring import engine, ledger
from govdesk.scoring.models import RuleKind, Scheme
from govdesk.scoring.selectors import ZERO, change_label, rank_within_groups, ranking


@dataclass
class Comparison:
    unit_name: str
    group: str
    score: Decimal
    rank: int
    draft_score: Decimal
    draft_rank: int

    @property
    def rank_change(self) -> int:
        """Places gained under the draft (negative: lost)."""
        return self.rank - self.draft_rank

    @property
    def rank_change_label(self) -> str:
        return change_label(self.rank_change)


def draft_lines(draft: Scheme, in_force: Scheme) -> list[engine.Line]:
    """The draft's lines for the in-force scheme's office and year, as if it had
    been in force then (its own year does not matter)."""
    data = replace(ledger.scheme_data(draft), year=in_force.year)

    def scheme_for(office_id: int, year: int):
        return data if office_id == in_force.office_id and year == in_force.year else None

    lines = ledger.chain_lines(ledger.event_origins(in_force.office), scheme_for)
    penalties = ledger.penalties_of(in_force.office, in_force.year)
    lines += ledger.penalty_lines(penalties, scheme_for, in_force.office)
    lines = ledger.with_propagation(lines, {data.id} if data.propagate else set())
    as_of = timezone.localdate(clock.now())
    unit_ids = list(ledger.assessed_units(in_force).values_list("pk", flat=True))
    if data.best(RuleKind.WEEKLY):
        days = ledger.submission_days(in_force, unit_ids)
        for unit_id in unit_ids:
            lines += engine.weekly_lines(data, unit_id, days[unit_id])
    if data.best(RuleKind.PORTAL):
        days = ledger.portal_days(in_force, unit_ids)
        for unit_id in unit_ids:
            lines += engine.portal_lines(data, unit_id, days.get(unit_id, ()))
    quarters = defaultdict(lambda: defaultdict(lambda: ZERO))
    for line in lines:
        quarters[line.unit_id][engine.quarter_of(line.on)] += line.points
    targets = ledger.annual_targets(draft, unit_ids)
    for unit_id in unit_ids:
        lines += engine.quarter_lines(data, unit_id, targets.get(unit_id), quarters[unit_id], as_of)
    if data.best(RuleKind.ZEROED) and data.zero_after_misses:
        by_day = defaultdict(lambda: defaultdict(lambda: ZERO))
        for line in lines:
            by_day[line.unit_id][line.on] += line.points
        for unit_id, missed in ledger.missed_solicitations(in_force, unit_ids, as_of).items():
            lines += engine.zero_lines(data, unit_id, missed, by_day[unit_id])
    return lines


def compare(in_force: Scheme, draft: Scheme, period: periods.Period) -> list[Comparison]:
    current = ranking(in_force, period).rows
    scores = defaultdict(lambda: ZERO)
    for line in draft_lines(draft, in_force):
        if period.start <= line.on <= period.end:
            scores[line.unit_id] += line.points
    groups = {row.unit.pk: row.group for row in current}
    draft_ranks = rank_within_groups(groups, scores)
    rows = [
        Comparison(
            unit_name=row.unit.display_name,
            group=row.group,
            score=row.score,
            rank=row.rank,
            draft_score=scores[row.unit.pk],
            draft_rank=draft_ranks[row.unit.pk],
        )
        for row in current
    ]
    return sorted(rows, key=lambda r: (r.group, r.draft_rank, r.rank))
