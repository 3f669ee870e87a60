"""Reads over the ledger: per-unit figures for a period, rankings, a unit's lines.
Every score shown anywhere is a sum of ``LedgerLine`` rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from govdesk.accounts.models import Membership, Role
from govdesk.items.models import Item, PublicRelease
from govdesk.lib import clock
from govdesk.lib.periods import Period
from govdesk.publications.models import Adoption
from govdesk.scoring import access
from govdesk.scoring.ledger import assessed_units, quarter_rules, target_picker
from govdesk.scoring.models import (
    LedgerLine,
    Scheme,
    SchemeStatus,
    UnitMonth,
    UnitMonthAdoptions,
)
from govdesk.units.models import Level, Unit, UnitCategory, UnitKind

ZERO = Decimal(0)
# Printed under every table and in every workbook that shows the rate.
RATE_DEFINITION = (
    "采用率 = 本期报送的信息中已被采用的条数（无论何时采用）÷ 本期报送条数，不会超过100%；"
    "“采用”列是本期内被采用的条数，可能包括以前报送的信息，所以不能用它除以“报送”。"
)


@dataclass
class UnitFigures:
    unit: Unit
    group: str
    category: str = ""
    submitted: int = 0
    adopted: int = 0
    sent_adopted: int = 0  # of the items sent in the period, those adopted (whenever)
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
    # Count quotas (scheme settings; None: not assessed): flags, no points.
    officer_quota_met: bool | None = None
    rate_floor_met: bool | None = None
    portal_quota_met: bool | None = None

    @property
    def quota_misses(self) -> list[str]:
        """The count quotas the unit has not met, as shown in tables."""
        flags = [
            (self.officer_quota_met, "人均报送未达标"),
            (self.rate_floor_met, "采用率未达标"),
            (self.portal_quota_met, "主动公开未达标"),
        ]
        return [label for met, label in flags if met is False]

    @property
    def adoption_rate(self) -> Decimal | None:
        """采用率 (``RATE_DEFINITION``): of the items sent in the period, the share adopted
        at any time — never above 100%, unlike adoptions in the period ÷ items sent."""
        if not self.submitted:
            return None
        return (Decimal(100) * self.sent_adopted / self.submitted).quantize(Decimal("0.1"))

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


def _summarised(scheme: Scheme, period: Period) -> tuple[int, int] | None:
    """The period's (first, last) month if the scheme's month summaries can answer for
    it: whole months of a scheme in force since its last rebuild."""
    if scheme.summarised and scheme.status == SchemeStatus.IN_FORCE:
        return period.month_span()
    return None


def _scores(scheme: Scheme, period: Period) -> dict[int, Decimal]:
    if span := _summarised(scheme, period):
        rows = UnitMonth.objects.filter(scheme=scheme, month__range=span)
    else:
        rows = LedgerLine.objects.filter(scheme=scheme, on__range=(period.start, period.end))
    rows = rows.values("unit_id").annotate(sum=Sum("points"))
    return {row["unit_id"]: row["sum"] for row in rows}


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
    assessed = assessed_units(scheme).filter(is_active=True)
    # Subqueries, not lists of thousands of ids: building those cost more than the SQL.
    categories = dict(
        UnitCategory.objects.filter(unit__in=assessed, year=scheme.year).values_list(
            "unit_id", "category"
        )
    )
    target_of = target_picker(scheme)
    kind_labels = dict(UnitKind.choices)
    figures = {}
    for unit in assessed.order_by("path"):
        category = categories.get(unit.pk, "")
        group = kind_labels[unit.kind]
        if scheme.rank_by_category and category:
            group += f"·{category}类"
        figures[unit.pk] = UnitFigures(
            unit=unit, group=group, category=category, target=target_of(unit.kind, category)
        )

    span = _summarised(scheme, period)
    rows = _month_figures(scheme, *span) if span else _line_figures(scheme, period)
    scores = {}
    for row in rows:
        scores[row.unit_id] = row.score
        figure = figures.get(row.unit_id)
        if figure is None:
            continue
        figure.submitted = row.submitted
        figure.sent_adopted = row.sent_adopted
        figure.score = row.score
        figure.cumulative = row.cumulative
        figure.adopted = row.adopted
        figure.annotations = row.annotations
        figure.quarter_missed = row.missed > 0
        figure.adopted_by_level = row.by_level
    _mark_mandatory(scheme, figures)
    _mark_quotas(scheme, period, figures)

    groups = {unit_id: f.group for unit_id, f in figures.items()}
    for unit_id, rank in rank_within_groups(groups, scores).items():
        figures[unit_id].rank = rank
    previous = period.previous()
    if previous.start.year == scheme.year:
        before = _scores(scheme, previous)
        for unit_id, rank in rank_within_groups(groups, before).items():
            figures[unit_id].previous_rank = rank
    rows = sorted(figures.values(), key=lambda f: (f.group, f.rank, f.unit.path))
    levels = [level for level in Level if any(level in f.adopted_by_level for f in rows)]
    for row in rows:
        row.level_counts = [row.adopted_by_level.get(level, 0) for level in levels]
    return Ranking(rows, levels)


@dataclass
class _Sums:
    """A unit's figures for a period as read from the database."""

    unit_id: int
    submitted: int = 0
    sent_adopted: int = 0
    score: Decimal = ZERO
    cumulative: Decimal = ZERO
    adopted: int = 0
    annotations: int = 0
    missed: int = 0
    by_level: dict[int, int] = field(default_factory=dict)


def _month_figures(scheme: Scheme, first: int, last: int) -> list[_Sums]:
    """Whole months: from the month summaries kept with the ledger (some 12 rows per
    unit instead of every line and every item)."""
    in_period = Q(month__gte=first)
    rows = {
        row["unit_id"]: _Sums(
            row["unit_id"],
            submitted=row["submitted"],
            sent_adopted=row["sent_adopted"],
            score=row["score"],
            cumulative=row["cumulative"],
            annotations=row["annotations"],
            missed=row["missed"],
        )
        for row in UnitMonth.objects.filter(scheme=scheme, month__lte=last)
        .values("unit_id")
        .annotate(
            submitted=Sum("submitted", filter=in_period, default=0),
            sent_adopted=Sum("sent_adopted", filter=in_period, default=0),
            score=Sum("points", filter=in_period, default=ZERO),
            cumulative=Sum("points"),
            annotations=Sum("annotations", filter=in_period, default=0),
            missed=Sum("quarter_misses", filter=in_period, default=0),
        )
    }
    adopted = (
        UnitMonthAdoptions.objects.filter(scheme=scheme, month__range=(first, last))
        .values_list("unit_id", "level")
        .annotate(
            any_level=Sum("count", filter=Q(prior_month__lt=first), default=0),
            at_level=Sum("count", filter=Q(prior_level_month__lt=first), default=0),
        )
    )
    for unit_id, level, any_level, at_level in adopted:
        row = rows.setdefault(unit_id, _Sums(unit_id))
        row.adopted += any_level  # each adoption line is at one level
        if at_level:
            row.by_level[level] = at_level
    return list(rows.values())


def _line_figures(scheme: Scheme, period: Period) -> list[_Sums]:
    """Any period: from the ledger lines and the items."""
    # A range of aware moments, not __date: the index on submitted_at serves it.
    # Every item an office receives comes from a unit it assesses: no unit filter.
    was_adopted = Exists(Adoption.objects.filter(item=OuterRef("pk")))
    submitted = (
        _sent(scheme, period.start, period.end)
        .values("unit_id")
        .annotate(n=Count("pk"), sent_adopted=Count("pk", filter=Q(was_adopted)))
    )
    rows = {
        row["unit_id"]: _Sums(row["unit_id"], submitted=row["n"], sent_adopted=row["sent_adopted"])
        for row in submitted
    }
    # One scan of the year so far, grouped by unit, gives every ledger figure as plain
    # filtered counts and sums: an item counts as adopted in the period on its one
    # line there without an earlier adoption line in the period.
    year_so_far = LedgerLine.objects.filter(
        scheme=scheme, on__range=(date(scheme.year, 1, 1), period.end)
    )
    in_period = Q(on__gte=period.start)
    adoption = in_period & Q(propagated_from=None, adoption__isnull=False)

    def first_in_period(prior: str) -> Q:
        return adoption & (Q(**{f"{prior}__isnull": True}) | Q(**{f"{prior}__lt": period.start}))

    adopted = first_in_period("prior_adoption_on")
    at_level = first_in_period("prior_level_adoption_on")
    quarter_miss = in_period & Q(propagated_from=None, rule_id__in=quarter_rules(scheme))
    by_level = {f"level_{level}": Count("pk", filter=at_level & Q(level=level)) for level in Level}
    lines = year_so_far.values("unit_id").annotate(
        score=Sum("points", filter=in_period, default=ZERO),
        cumulative=Sum("points"),
        adopted=Count("pk", filter=adopted),
        annotations=Count(
            "pk", filter=in_period & Q(propagated_from=None, annotation__isnull=False)
        ),
        missed=Count("pk", filter=quarter_miss),
        **by_level,
    )
    level_keys = [(level, f"level_{level}") for level in Level]  # once, not per row
    for line in lines:
        row = rows.setdefault(line["unit_id"], _Sums(line["unit_id"]))
        row.score = line["score"]
        row.cumulative = line["cumulative"]
        row.adopted = line["adopted"]
        row.annotations = line["annotations"]
        row.missed = line["missed"]
        row.by_level = {level: line[key] for level, key in level_keys if line[key]}
    return list(rows.values())


def _mark_mandatory(scheme: Scheme, figures: dict[int, UnitFigures]) -> None:
    """范文2 二(一): ≥1 item a year adopted in one of the scheme's mandatory bulletins."""
    if not scheme.mandatory_publications:
        return
    met = set(
        Adoption.objects.filter(
            item__office=scheme.office,
            publication__name__in=scheme.mandatory_publications,
            adopted_at__year=scheme.year,
        ).values_list("item__unit_id", flat=True)
    )
    for unit_id, figure in figures.items():
        figure.mandatory_met = unit_id in met


def _sent(scheme: Scheme, start: date, end: date):
    """Items the units sent to the scheme's office from ``start`` to ``end``."""
    return Item.objects.filter(
        office=scheme.office,
        submitted_at__gte=clock.midnight(start),
        submitted_at__lt=clock.midnight(end + timedelta(days=1)),
    )


def _mark_quotas(scheme: Scheme, period: Period, figures: dict[int, UnitFigures]) -> None:
    """Count quotas seen in other offices (每名信息员每年3篇; 采用率不低于60%; 门户网站每月
    不少于4条), each a scheme setting: met or not, shown beside the score."""
    if scheme.quota_items_per_officer:
        # The year so far against the annual quota; a unit without officers counts one.
        officers = dict(
            Membership.objects.filter(unit_id__in=list(figures), role=Role.OFFICER, is_active=True)
            .values("unit_id")
            .annotate(n=Count("pk"))
            .values_list("unit_id", "n")
        )
        sent = dict(
            _sent(scheme, date(scheme.year, 1, 1), period.end)
            .values("unit_id")
            .annotate(n=Count("pk"))
            .values_list("unit_id", "n")
        )
        for unit_id, figure in figures.items():
            needed = scheme.quota_items_per_officer * max(1, officers.get(unit_id, 0))
            figure.officer_quota_met = sent.get(unit_id, 0) >= needed
    if scheme.quota_adoption_rate is not None:
        for figure in figures.values():
            rate = figure.adoption_rate
            figure.rate_floor_met = rate is not None and rate >= scheme.quota_adoption_rate
    if scheme.quota_portal_per_month:
        # 主动公开 items sent in the period, every month of it (until a portal app
        # records what it published).
        monthly = defaultdict(lambda: defaultdict(int))
        active = _sent(scheme, period.start, period.end).filter(public_release=PublicRelease.ACTIVE)
        for unit_id, moment in active.values_list("unit_id", "submitted_at"):
            local = timezone.localtime(moment)
            monthly[unit_id][(local.year, local.month)] += 1
        months = period.months()
        for unit_id, figure in figures.items():
            counts = monthly[unit_id]
            figure.portal_quota_met = all(
                counts[month] >= scheme.quota_portal_per_month for month in months
            )


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
