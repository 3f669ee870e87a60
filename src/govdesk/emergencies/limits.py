"""Reporting limits: how long after the event the first written report may arrive.

An office configures them (``ReportingLimit``); until it does, the limits of the
seed documents apply:

- 2 hours for 特别重大/重大 events: the county government office's notice on duty
  and reporting (seeds/001), "对于重大紧急突发性事件，必须在2小时内上报上级有关部门";
- 3 hours for every other event: 津政办发[2008]146号 (seeds/004), "紧急重大信息报送
  时间最迟不得晚于事件发生后的3小时".
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from govdesk.emergencies.models import ReportingLimit, Severity

BASIS_COUNTY = "县政府办公室关于加强值班和信息报送工作的通知：重大紧急突发性事件2小时内上报"
BASIS_TIANJIN = "津政办发[2008]146号：最迟不得晚于事件发生后的3小时"


@dataclass(frozen=True)
class Limit:
    category: str
    severity: int | None
    hours: float
    basis: str

    @property
    def limit(self) -> timedelta:
        return timedelta(hours=float(self.hours))


SEEDED = [
    Limit("", Severity.EXTRAORDINARY, 2, BASIS_COUNTY),
    Limit("", Severity.MAJOR, 2, BASIS_COUNTY),
    Limit("", None, 3, BASIS_TIANJIN),
]


def _specificity(rule) -> int:
    return (2 if rule.category else 0) + (1 if rule.severity else 0)


def limit_for(office, category: str, severity: int) -> Limit | ReportingLimit:
    """The most specific rule of the office (or the seeded ones) matching the event."""
    rules = list(ReportingLimit.objects.filter(office=office)) or SEEDED
    matching = [r for r in rules if r.category in ("", category) and r.severity in (None, severity)]
    if not matching:
        return SEEDED[-1]
    return max(matching, key=_specificity)


def report_due(office, *, category: str, severity: int, occurred_at: datetime) -> datetime:
    return occurred_at + limit_for(office, category, severity).limit
