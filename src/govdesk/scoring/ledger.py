"""Keeps ``LedgerLine`` rows equal to what the engine computes from the events.

A chain of forwards (or a penalty) is the unit of recomputation: its lines are
deleted and written again from the facts, so recomputing twice, or rebuilding a
whole year, gives the same ledger. Quarter deductions depend on a unit's totals
and are recomputed after its lines change."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from govdesk.annotations.models import Annotation
from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.publications.models import Adoption
from govdesk.scoring import engine
from govdesk.scoring.models import (
    LedgerLine,
    Penalty,
    PointCounty,
    RuleKind,
    Scheme,
    SchemeStatus,
    Target,
)
from govdesk.units.models import Unit, UnitCategory, UnitKind

CHUNK = 2000


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _local_date(moment) -> date:
    return timezone.localtime(moment).date()


def scheme_data(scheme: Scheme) -> engine.SchemeData:
    rules = tuple(
        engine.RuleData(
            id=r.pk,
            kind=r.kind,
            points=r.points,
            label=r.label,
            level=r.level,
            publication=r.publication,
            column=r.column,
            adoption_kind=r.adoption_kind,
            penalty_kind=r.penalty_kind,
            serious_only=r.serious_only,
        )
        for r in scheme.rules.all()
    )
    return engine.SchemeData(
        id=scheme.pk,
        office_id=scheme.office_id,
        year=scheme.year,
        combination=scheme.combination,
        rules=rules,
        propagate=scheme.propagate_direct_reports,
        quarter_shares=tuple(Decimal(str(s)) for s in scheme.quarter_shares or ()),
    )


class Schemes:
    """The schemes in force, loaded once per recomputation; ``only`` restricts
    pricing to one scheme (a rebuild of its year)."""

    def __init__(self, only: Scheme | None = None):
        self.only = only
        self._cache: dict[tuple[int, int], engine.SchemeData | None] = {}

    def __call__(self, office_id: int, year: int) -> engine.SchemeData | None:
        key = (office_id, year)
        if key not in self._cache:
            if self.only is not None:
                match = self.only.office_id == office_id and self.only.year == year
                scheme = self.only if match else None
            else:
                scheme = Scheme.objects.filter(
                    office_id=office_id, year=year, status=SchemeStatus.IN_FORCE
                ).first()
            self._cache[key] = scheme_data(scheme) if scheme else None
        return self._cache[key]

    def propagating(self) -> set[int]:
        """Ids of the schemes used so far that credit direct-report points onward."""
        return {s.id for s in self._cache.values() if s is not None and s.propagate}


# --- facts ---------------------------------------------------------------------------


def _chains(origin_ids) -> dict[int, list[dict]]:
    """Each origin's chain of items, the original first, as value dicts."""
    fields = ["id", "unit_id", "office_id", "office__level", "forwarded_from_id", "submitted_at"]
    chains, last = {}, {}
    for ids in _chunks(origin_ids):
        for row in Item.objects.filter(pk__in=ids).values(*fields):
            chains[row["id"]] = [row]
            last[row["id"]] = row["id"]
    frontier = dict(last)  # top item id -> origin id
    while frontier:
        found = {}
        for ids in _chunks(frontier):
            for row in Item.objects.filter(forwarded_from_id__in=ids).values(*fields):
                origin = frontier[row["forwarded_from_id"]]
                chains[origin].append(row)
                found[row["id"]] = origin
        frontier = found
    return chains


def _facts(item_ids):
    adoptions, annotations = defaultdict(list), defaultdict(list)
    published = defaultdict(set)
    for ids in _chunks(item_ids):
        rows = Adoption.objects.filter(item_id__in=ids).values(
            "id",
            "item_id",
            "adopted_at",
            "kind",
            "publication__name",
            "publication__level",
            "publication__office__level",
            "column__name",
        )
        for row in rows:
            level = row["publication__office__level"] or row["publication__level"]
            adoptions[row["item_id"]].append(
                engine.AdoptionFact(
                    id=row["id"],
                    item_id=row["item_id"],
                    on=_local_date(row["adopted_at"]),
                    level=level,
                    publication=row["publication__name"],
                    column=row["column__name"] or "",
                    kind=row["kind"],
                )
            )
            published[row["item_id"]].add(row["publication__name"])
        notes = Annotation.objects.filter(item_id__in=ids).values(
            "id", "item_id", "annotated_at", "leader_level"
        )
        for row in notes:
            annotations[row["item_id"]].append(row)
    annotation_facts = {
        item_id: [
            engine.AnnotationFact(
                id=row["id"],
                item_id=item_id,
                on=_local_date(row["annotated_at"]),
                leader_level=row["leader_level"],
                publications=frozenset(published[item_id]),
            )
            for row in rows
        ]
        for item_id, rows in annotations.items()
    }
    return adoptions, annotation_facts


def _propagation_targets(unit_ids) -> dict[int, tuple[int, ...]]:
    """For direct-report points among ``unit_ids``: their county and counterpart."""
    counties = dict(
        PointCounty.objects.filter(point_id__in=unit_ids).values_list("point_id", "county_id")
    )
    points = Unit.objects.filter(pk__in=unit_ids, kind=UnitKind.GRASSROOTS)
    targets = {}
    for point_id, counterpart_id in points.values_list("pk", "counterpart_id"):
        found = tuple(t for t in (counties.get(point_id), counterpart_id) if t)
        if found:
            targets[point_id] = found
    return targets


# --- writing lines ---------------------------------------------------------------------


def with_propagation(lines: list[engine.Line], propagating: set[int]) -> list[engine.Line]:
    """``lines`` plus the copies direct-report points pass on under the schemes
    (ids in ``propagating``) that say so."""
    eligible = [line for line in lines if line.scheme_id in propagating]
    if not eligible:
        return lines
    targets = _propagation_targets({line.unit_id for line in eligible})
    return lines + engine.propagated(eligible, targets)


_COLUMNS = [
    "scheme_id",
    "unit_id",
    "rule_id",
    "points",
    "on",
    "year",
    "month",
    "level",
    "origin_id",
    "item_id",
    "adoption_id",
    "annotation_id",
    "penalty_id",
    "propagated_from_id",
    "cause",
    "note",
]


def _store(lines: list[engine.Line]) -> None:
    """Insert the lines with one executemany per chunk: a rebuild writes hundreds of
    thousands, and building model instances for them took most of its time."""
    if not lines:
        return
    table = connection.ops.quote_name(LedgerLine._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    rows = [
        (
            line.scheme_id,
            line.unit_id,
            line.rule_id,
            str(line.points),
            line.on.isoformat(),
            line.on.year,
            line.on.month,
            line.level,
            line.origin_id,
            line.item_id,
            line.adoption_id,
            line.annotation_id,
            line.penalty_id,
            line.propagated_from_id,
            line.cause[:200],
            line.note[:200],
        )
        for line in lines
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def chain_lines(origin_ids, scheme_for: engine.SchemeFor) -> list[engine.Line]:
    """The lines of these chains as the engine prices them (nothing stored)."""
    chains = _chains(origin_ids)
    adoptions, annotations = _facts([row["id"] for chain in chains.values() for row in chain])
    lines = []
    for chain in chains.values():
        items = [engine.ChainItem(r["id"], r["unit_id"], r["office_id"]) for r in chain]
        forwards = [
            engine.ForwardFact(
                item_id=upper["forwarded_from_id"],
                on=_local_date(upper["submitted_at"]),
                to_level=upper["office__level"],
            )
            for upper in chain[1:]
        ]
        lines += engine.chain_lines(
            items,
            [a for r in chain for a in adoptions.get(r["id"], ())],
            [n for r in chain for n in annotations.get(r["id"], ())],
            forwards,
            scheme_for,
        )
    return lines


def refresh_chains(origin_ids, *, only: Scheme | None = None) -> set[tuple[int, int]]:
    """Recompute the lines of these chains; returns the (scheme, unit) pairs touched."""
    origin_ids = set(origin_ids)
    schemes = Schemes(only)
    old = LedgerLine.objects.filter(origin_id__in=origin_ids)
    if only is not None:
        old = old.filter(scheme=only)
    touched = set(old.values_list("scheme_id", "unit_id"))
    old.delete()
    lines = chain_lines(origin_ids, schemes)
    lines = with_propagation(lines, schemes.propagating())
    _store(lines)
    return touched | {(line.scheme_id, line.unit_id) for line in lines}


def _penalty_fact(penalty: Penalty, office: Unit) -> engine.PenaltyFact:
    return engine.PenaltyFact(
        id=penalty.pk,
        unit_id=penalty.unit_id,
        office_id=office.pk,
        on=penalty.occurred_on,
        kind=penalty.kind,
        label=f"{penalty.get_kind_display()}（{penalty.occurred_on:%Y-%m-%d}）",
        serious=penalty.serious_impact,
        item_id=penalty.item_id,
    )


def penalty_lines(penalties, scheme_for: engine.SchemeFor) -> list[engine.Line]:
    lines = []
    for penalty in penalties:
        office = Unit.objects.get_parent(penalty.unit)  # the office that assesses the unit
        if penalty.withdrawn or office is None:
            continue
        fact = _penalty_fact(penalty, office)
        scheme = scheme_for(fact.office_id, fact.on.year)
        if scheme is not None:
            lines += engine.penalty_lines(fact, scheme)
    return lines


def refresh_penalties(penalties, *, only: Scheme | None = None) -> set[tuple[int, int]]:
    penalties = list(penalties)
    schemes = Schemes(only)
    old = LedgerLine.objects.filter(penalty__in=penalties)
    if only is not None:
        old = old.filter(scheme=only)
    touched = set(old.values_list("scheme_id", "unit_id"))
    old.delete()
    lines = with_propagation(penalty_lines(penalties, schemes), schemes.propagating())
    _store(lines)
    return touched | {(line.scheme_id, line.unit_id) for line in lines}


# --- targets and quarters -------------------------------------------------------------


def annual_targets(scheme: Scheme, unit_ids) -> dict[int, Decimal]:
    """Each unit's annual target: the most specific target row for its kind and its
    category that year (a row with both beats one with either)."""
    rows = list(Target.objects.filter(scheme=scheme))
    if not rows:
        return {}
    categories = dict(
        UnitCategory.objects.filter(unit_id__in=unit_ids, year=scheme.year).values_list(
            "unit_id", "category"
        )
    )
    result = {}
    for unit_id, kind in Unit.objects.filter(pk__in=unit_ids).values_list("pk", "kind"):
        category = categories.get(unit_id, "")
        fitting = [t for t in rows if t.unit_kind in ("", kind) and t.category in ("", category)]
        if fitting:
            best = max(fitting, key=lambda t: (bool(t.unit_kind) + bool(t.category), -t.pk))
            result[unit_id] = best.points
    return result


def refresh_quarters(pairs, *, as_of: date | None = None) -> None:
    """Recompute the quarter deductions of these (scheme, unit) pairs."""
    as_of = as_of or timezone.localdate(clock.now())
    by_scheme = defaultdict(set)
    for scheme_id, unit_id in pairs:
        by_scheme[scheme_id].add(unit_id)
    for scheme in Scheme.objects.filter(pk__in=by_scheme):
        units = by_scheme[scheme.pk]
        quarter_rules = scheme.rules.filter(kind=RuleKind.QUARTER_MISS)
        LedgerLine.objects.filter(scheme=scheme, unit_id__in=units, rule__in=quarter_rules).delete()
        if scheme.status != SchemeStatus.IN_FORCE or not quarter_rules:
            continue
        data = scheme_data(scheme)
        targets = annual_targets(scheme, units)
        totals = defaultdict(dict)
        sums = (
            LedgerLine.objects.filter(scheme=scheme, unit_id__in=units)
            .values("unit_id", "month")
            .annotate(points=Sum("points"))
        )
        for row in sums:
            quarter = (row["month"] - 1) // 3 + 1
            held = totals[row["unit_id"]].get(quarter, engine.ZERO)
            totals[row["unit_id"]][quarter] = held + row["points"]
        lines = []
        for unit_id in units:
            lines += engine.quarter_lines(
                data, unit_id, targets.get(unit_id), totals[unit_id], as_of
            )
        _store(lines)


def reporting_units(office: Unit):
    """The units reporting to ``office``: the ones its scheme assesses."""
    return Unit.objects.filter(path__startswith=office.path, depth=office.depth + 1)


def assessed_units(scheme: Scheme):
    return reporting_units(scheme.office)


def _origins(item_ids) -> set[int]:
    """The original items behind these items' chains of forwards."""
    origins, pending = set(), set(item_ids)
    while pending:
        parents = set()
        for ids in _chunks(pending):
            for pk, parent in Item.objects.filter(pk__in=ids).values_list(
                "pk", "forwarded_from_id"
            ):
                (parents if parent else origins).add(parent or pk)
        pending = parents
    return origins


def event_origins(office: Unit) -> set[int]:
    """The original items of every chain through ``office`` with an event: items it
    received that were adopted, annotated or forwarded (their copies' events are
    found through the chain)."""
    received = Item.objects.filter(office=office, submission_count__gt=0).filter(
        Q(adoptions__isnull=False) | Q(annotations__isnull=False) | Q(forward__isnull=False)
    )
    return _origins(received.values_list("pk", flat=True).distinct())


def penalties_of(office: Unit, year: int):
    units = reporting_units(office)
    return Penalty.objects.filter(unit__in=units, occurred_on__year=year).select_related("unit")


def rebuild(scheme: Scheme, *, as_of: date | None = None) -> int:
    """Recompute a scheme's whole year from the events; returns the number of lines."""
    LedgerLine.objects.filter(scheme=scheme).delete()
    if scheme.status == SchemeStatus.IN_FORCE:
        pairs = set()
        for batch in _chunks(event_origins(scheme.office)):
            pairs |= refresh_chains(batch, only=scheme)
        pairs |= refresh_penalties(penalties_of(scheme.office, scheme.year), only=scheme)
        everyone = assessed_units(scheme).values_list("pk", flat=True)
        refresh_quarters(pairs | {(scheme.pk, pk) for pk in everyone}, as_of=as_of)
    return LedgerLine.objects.filter(scheme=scheme).count()
