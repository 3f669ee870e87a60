"""The notice (通报) of a period: everything in it is read from the ledger and the
records behind its lines, so its numbers agree with the ledger pages."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from govdesk.lib import periods
from govdesk.scoring.engine import shown
from govdesk.scoring.ledger import assessed_units
from govdesk.scoring.models import LedgerLine, Penalty, Scheme
from govdesk.scoring.selectors import Ranking, UnitFigures, ranking

CHART_UNITS = 20  # a bar per unit stays legible up to about this many

# Issuing a notice as a circular (红头通报) is the circulars app's, above scoring. From
# CircularsConfig.ready() it registers ``page(user, notice)``, what the live page shows
# about issuing the period's notice, and ``doc_number(office=, year=)``, the 文号 a
# downloaded notice carries unless one is asked for.
ISSUING: dict[str, Callable] = {}


def register_issuing(*, page: Callable, doc_number: Callable) -> None:
    ISSUING.update(page=page, doc_number=doc_number)


@dataclass
class Notice:
    scheme: Scheme
    period: periods.Period
    table: Ranking
    adopted: list[tuple[str, list[str]]]  # (unit, ["《刊物》标题", …]) in table order
    zero_units: list[str]
    failures: list[Penalty]
    annotated: list[LedgerLine]
    trend: dict  # chart data: months and the office's total per month

    @staticmethod
    def title_for(period: periods.Period) -> str:
        return f"关于{period.label}政务信息报送采用情况的通报"

    @property
    def title(self) -> str:
        return self.title_for(self.period)

    def snapshot(self) -> dict:
        """Everything the notice page shows, as JSON-ready data: the live page renders
        it, and an issued notice (govdesk.circulars) stores it frozen."""
        return {
            "title": self.title,
            "scheme_id": self.scheme.pk,
            "scheme": str(self.scheme),
            "period": {
                "label": self.period.label,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "levels": [level.label for level in self.table.levels],
            "rows": [_row(row) for row in self.table.rows],
            "adopted": [[unit, titles] for unit, titles in self.adopted],
            "zero_units": self.zero_units,
            "failures": [
                f"{p.occurred_on:%-m月%-d日} {p.unit.name}{p.get_kind_display()}：{p.description}"
                for p in self.failures
            ],
            "annotated": [
                f"{line.unit.display_name}《{line.item.title}》，"
                f"{line.annotation.leader_name}批示（+{shown(line.points)}分）"
                for line in self.annotated
            ],
            "charts": self.charts,
        }

    @property
    def charts(self) -> dict:
        """Data for the page's two charts: the monthly trend and this period's top scores."""
        top = sorted(self.table.rows, key=lambda row: row.score, reverse=True)[:CHART_UNITS]
        return {
            "trend": self.trend,
            "ranking": {
                "units": [row.unit.display_name for row in top],
                "points": [float(row.score) for row in top],
            },
        }


def _number(value: Decimal | None) -> str | None:
    return None if value is None else shown(value)


def _row(row: UnitFigures) -> dict:
    return {
        "unit_id": row.unit.pk,
        "unit": row.unit.display_name,
        "group": row.group,
        "rank": row.rank,
        "submitted": row.submitted,
        "adopted": row.adopted,
        "score": shown(row.score),
        "cumulative": shown(row.cumulative),
        "completion": _number(row.completion),
        "rank_change": row.rank_change_label,
    }


def _own_lines(scheme: Scheme, period: periods.Period):
    return LedgerLine.objects.filter(
        scheme=scheme, on__range=(period.start, period.end), propagated_from=None
    )


def _adopted_titles(scheme, period, table: Ranking) -> list[tuple[str, list[str]]]:
    titles = defaultdict(list)
    lines = (
        _own_lines(scheme, period)
        .filter(adoption__isnull=False)
        .order_by("on", "id")
        .values_list("unit_id", "adoption__publication__name", "item__title")
    )
    for unit_id, publication, title in lines:
        entry = f"《{publication}》{title}"
        if entry not in titles[unit_id]:
            titles[unit_id].append(entry)
    return [
        (row.unit.display_name, titles[row.unit.pk]) for row in table.rows if titles[row.unit.pk]
    ]


def _trend(scheme: Scheme, period: periods.Period) -> dict:
    rows = (
        LedgerLine.objects.filter(
            scheme=scheme, on__range=(date(scheme.year, 1, 1), period.end), propagated_from=None
        )
        .values("month")
        .annotate(points=Sum("points"))
    )
    by_month = {row["month"]: float(row["points"]) for row in rows}
    months = range(1, period.end.month + 1)
    return {"months": [f"{m}月" for m in months], "points": [by_month.get(m, 0) for m in months]}


def notice(scheme: Scheme, period: periods.Period) -> Notice:
    table = ranking(scheme, period)
    failures = Penalty.objects.filter(
        # The table's units as a subquery: an IN list of thousands of units cost more.
        unit__in=assessed_units(scheme).filter(is_active=True),
        occurred_on__range=(period.start, period.end),
        withdrawn=False,
    ).select_related("unit")
    annotated = (
        _own_lines(scheme, period)
        .filter(annotation__isnull=False)
        .select_related("unit", "item", "annotation")
        .order_by("on", "id")
    )
    return Notice(
        scheme=scheme,
        period=period,
        table=table,
        adopted=_adopted_titles(scheme, period, table),
        zero_units=[row.unit.display_name for row in table.rows if not row.adopted],
        failures=list(failures.order_by("occurred_on", "id")),
        annotated=list(annotated),
        trend=_trend(scheme, period),
    )
