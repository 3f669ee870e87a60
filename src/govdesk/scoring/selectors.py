"""Reads over the ledger: per-unit figures for a period, rankings, a unit's lines.
Every score shown anywhere is a sum of ``LedgerLine`` rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from govdesk.items.models import Item
from govdesk.publications.models import Adoption
from govdesk.scoring import access
from govdesk.scoring.ledger import annual_targets, assessed_units
from govdesk.scoring.models import LedgerLine, Scheme, SchemeStatus
from govdesk.scoring.periods import Period
from govdesk.units.models import Level, Unit, UnitCategory

ZERO = Decimal(0)


@dataclass
class UnitFigures:
    unit: Unit
    group: str
    category: str = ""
    submitted: int = 0
    adopted: int = 0
    adopted_by_level: dict[int, int] = field(default_factory=dict)
    annotations: int = 0
    score: Decimal = ZERO
    cumulative: Decimal = ZERO
    target: Decimal | None = None
    quarter_missed: bool = False
    mandatory_met: bool | None = None
    rank: int = 0
    previous_rank: int | None = None
    level_counts: list[int] = field(default_factory=list)  # aligned with Ranking.levels

    @property
    def adoption_rate(self) -> Decimal | None:
        """采用率: items adopted in the period per item submitted in it."""
        if not self.submitted:
            return None
        return (Decimal(100) * self.adopted / self.submitted).quantize(Decimal("0.1"))

    @property
    def completion(self) -> Decimal | None:
        """目标完成率: the cumulative score against the annual target, in per cent."""
        if not self.target:
            return None
        return (Decimal(100) * self.cumulative / self.target).quantize(Decimal("0.1"))

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous period (negative: places lost)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def rank_change_label(self) -> str:
        return change_label(self.rank_change)


def change_label(change: int | None) -> str:
    """Places gained or lost as shown in tables: ↑3, ↓2, — ."""
    if not change:
        return "—"
    return f"↑{change}" if change > 0 else f"↓{-change}"


@dataclass
class Ranking:
    rows: list[UnitFigures]
    levels: list[Level]  # the adopting levels that occur, one column each


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _scores(scheme: Scheme, start: date, end: date) -> dict[int, Decimal]:
    rows = (
        LedgerLine.objects.filter(scheme=scheme, on__range=(start, end))
        .values("unit_id")
        .annotate(points=Sum("points"))
    )
    return {row["unit_id"]: row["points"] for row in rows}


def rank_within_groups(groups: dict[int, str], scores: dict[int, Decimal]) -> dict[int, int]:
    """Competition ranking (1, 1, 3) by score within each group."""
    members = defaultdict(list)
    for unit_id, group in groups.items():
        members[group].append(unit_id)
    ranks = {}
    for unit_ids in members.values():
        ordered = sorted(unit_ids, key=lambda u: scores.get(u, ZERO), reverse=True)
        for position, unit_id in enumerate(ordered, start=1):
            previous = ordered[position - 2] if position > 1 else None
            tied = previous is not None and scores.get(previous, ZERO) == scores.get(unit_id, ZERO)
            ranks[unit_id] = ranks[previous] if tied else position
    return ranks


def ranking(scheme: Scheme, period: Period) -> Ranking:
    """Every unit the scheme assesses, with its figures for ``period``, ordered by
    group and rank (townships and departments are ranked separately; by category too
    when the scheme says so)."""
    units = list(assessed_units(scheme).filter(is_active=True).order_by("path"))
    ids = [u.pk for u in units]
    categories = dict(
        UnitCategory.objects.filter(unit_id__in=ids, year=scheme.year).values_list(
            "unit_id", "category"
        )
    )
    figures = {}
    for unit in units:
        category = categories.get(unit.pk, "")
        group = unit.get_kind_display()
        if scheme.rank_by_category and category:
            group += f"·{category}类"
        figures[unit.pk] = UnitFigures(unit=unit, group=group, category=category)

    # A range of aware moments, not __date: the index on submitted_at serves it.
    # Every item an office receives comes from a unit it assesses: no unit filter.
    submitted = (
        Item.objects.filter(
            office=scheme.office,
            submitted_at__gte=_midnight(period.start),
            submitted_at__lt=_midnight(period.end + timedelta(days=1)),
        )
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    for row in submitted:
        if row["unit_id"] in figures:
            figures[row["unit_id"]].submitted = row["n"]

    # One scan of the year so far, grouped by unit and level, gives every ledger
    # figure but the distinct adopted items across levels (one more scan).
    year_so_far = LedgerLine.objects.filter(
        scheme=scheme, on__range=(date(scheme.year, 1, 1), period.end)
    )
    in_period = Q(on__gte=period.start)
    own = in_period & Q(propagated_from=None)
    # Quarter deductions are the only lines with neither item nor penalty.
    quarter_miss = own & Q(item__isnull=True, penalty__isnull=True)
    rows = year_so_far.values("unit_id", "level").annotate(
        score=Sum("points", filter=in_period, default=ZERO),
        cumulative=Sum("points"),
        adopted=Count("item_id", filter=own & Q(adoption__isnull=False), distinct=True),
        annotations=Count("pk", filter=own & Q(annotation__isnull=False)),
        missed=Count("pk", filter=quarter_miss),
    )
    scores = defaultdict(lambda: ZERO)
    for row in rows:
        unit_id = row["unit_id"]
        scores[unit_id] += row["score"]
        figure = figures.get(unit_id)
        if figure is None:
            continue
        figure.score += row["score"]
        figure.cumulative += row["cumulative"]
        figure.annotations += row["annotations"]
        figure.quarter_missed |= row["missed"] > 0
        if row["adopted"]:
            figure.adopted_by_level[row["level"]] = row["adopted"]
    adopted = (
        year_so_far.filter(own, adoption__isnull=False)
        .values("unit_id")
        .annotate(n=Count("item_id", distinct=True))
    )
    for row in adopted:
        if row["unit_id"] in figures:
            figures[row["unit_id"]].adopted = row["n"]
    targets = annual_targets(scheme, ids)
    for unit_id, figure in figures.items():
        figure.target = targets.get(unit_id)
    _mark_mandatory(scheme, figures)

    groups = {unit_id: f.group for unit_id, f in figures.items()}
    for unit_id, rank in rank_within_groups(groups, scores).items():
        figures[unit_id].rank = rank
    previous = period.previous()
    if previous.start.year == scheme.year:
        before = _scores(scheme, previous.start, previous.end)
        for unit_id, rank in rank_within_groups(groups, before).items():
            figures[unit_id].previous_rank = rank
    rows = sorted(figures.values(), key=lambda f: (f.group, f.rank, f.unit.path))
    levels = [level for level in Level if any(level in f.adopted_by_level for f in rows)]
    for row in rows:
        row.level_counts = [row.adopted_by_level.get(level, 0) for level in levels]
    return Ranking(rows, levels)


def _mark_mandatory(scheme: Scheme, figures: dict[int, UnitFigures]) -> None:
    """范文2 二(一): ≥1 item a year adopted in one of the scheme's mandatory bulletins."""
    if not scheme.mandatory_publications:
        return
    met = set(
        Adoption.objects.filter(
            item__unit_id__in=list(figures),
            item__office=scheme.office,
            publication__name__in=scheme.mandatory_publications,
            adopted_at__year=scheme.year,
        ).values_list("item__unit_id", flat=True)
    )
    for unit_id, figure in figures.items():
        figure.mandatory_met = unit_id in met


def unit_lines(scheme: Scheme, unit: Unit, period: Period):
    """A unit's ledger lines in a period, with what explains each."""
    return (
        LedgerLine.objects.filter(scheme=scheme, unit=unit, on__range=(period.start, period.end))
        .select_related(
            "rule", "item", "adoption__publication", "adoption__column", "propagated_from"
        )
        .order_by("on", "id")
    )


def unit_totals(scheme: Scheme, unit: Unit, period: Period) -> dict:
    lines = LedgerLine.objects.filter(scheme=scheme, unit=unit)
    return lines.aggregate(
        score=Sum("points", filter=Q(on__range=(period.start, period.end)), default=ZERO),
        cumulative=Sum(
            "points", filter=Q(on__range=(date(scheme.year, 1, 1), period.end)), default=ZERO
        ),
    )


def other_schemes(scheme: Scheme):
    """The office's other schemes (drafts, other years) a what-if can compare with."""
    return (
        Scheme.objects.filter(office=scheme.office).exclude(pk=scheme.pk).order_by("-year", "-pk")
    )


def readable_schemes(user) -> tuple[list[Scheme], list[tuple[Scheme, Unit]]]:
    """The schemes in force whose ranking the user may read, and (scheme, unit) for
    each of the user's own units a scheme in force assesses."""
    offices, units = [], []
    own = list(access.own_units(user))
    schemes = Scheme.objects.filter(
        status=SchemeStatus.IN_FORCE, office__in=access.related_offices(user)
    ).select_related("office")
    for scheme in schemes.order_by("-year", "office__path"):
        if access.may_view_office(user, scheme.office):
            offices.append(scheme)
        units += [(scheme, unit) for unit in assessed_units(scheme).filter(pk__in=own)]
    return offices, units
