"""Keeps ``LedgerLine`` rows equal to what the engine computes from the events.

A chain of forwards (or a penalty) is the unit of recomputation: its lines are
deleted and written again from the facts, so recomputing twice, or rebuilding a
whole year, gives the same ledger. Weekly base points, quarter deductions and the
zeroing after missed solicitations depend on a unit's year and are recomputed after
its lines change (``refresh_unit_totals``)."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache

from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from govdesk.annotations.models import Annotation
from govdesk.bulletins.models import IssueEntry, IssueState
from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.lib.orm import insert_rows
from govdesk.publications.models import Adoption
from govdesk.scoring import engine
from govdesk.scoring.models import (
    CombinedCredit,
    LedgerLine,
    Penalty,
    RuleKind,
    Scheme,
    SchemeStatus,
    Target,
    UnitMonth,
    UnitMonthAdoptions,
)
from govdesk.solicitations.models import Solicitation, SolicitationResponse
from govdesk.units.models import Unit, UnitCategory, UnitKind

CHUNK = 2000


def _chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _among(model, column: str, ids) -> RawSQL:
    """``column IN (ids)`` with the ids written into the SQL: Django prepares an
    ``__in`` list value by value, which cost a rebuild seconds per 100,000 ids.
    ``int()`` keeps anything but numbers out."""
    table = connection.ops.quote_name(model._meta.db_table)
    values = ",".join(str(int(pk)) for pk in ids) or "NULL"
    sql = f"{table}.{connection.ops.quote_name(column)} IN ({values})"
    return RawSQL(sql, (), output_field=BooleanField())


def _month_of(model, column: str, bounds: list) -> RawSQL:
    """The month (1-12) a moment falls in, by the 13 local month starts ``bounds``, as
    one CASE of plain comparisons: extracting the local month would call a Python
    function per row on SQLite (7 s for 500,000 items), and twelve conditional counts
    cost Django more to build and compile than the query costs to run (session 11)."""
    field = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name(column)}"
    whens = " ".join(f"WHEN {field} < %s THEN {m}" for m in range(1, 12))
    adapt = connection.ops.adapt_datetimefield_value
    return RawSQL(
        f"CASE {whens} ELSE 12 END",
        [adapt(bound) for bound in bounds[1:12]],
        output_field=IntegerField(),
    )


def _local_date(moment) -> date:
    # astimezone on the cached zone: timezone.localtime's checks cost seconds in a rebuild.
    return moment.astimezone(timezone.get_default_timezone()).date()


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
        shared_combined=scheme.combined_credit == CombinedCredit.SHARED,
        weekly_min_items=scheme.weekly_min_items,
        zero_after_misses=scheme.missed_solicitations_limit,
        portal_per_month=scheme.quota_portal_per_month,
    )


def in_force(office_id: int, year: int):
    """The office's scheme in force that year: at most one (a constraint)."""
    return Scheme.objects.filter(office_id=office_id, year=year, status=SchemeStatus.IN_FORCE)


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
                scheme = in_force(office_id, year).first()
            self._cache[key] = scheme_data(scheme) if scheme else None
        return self._cache[key]

    def propagating(self) -> set[int]:
        """Ids of the schemes used so far that credit direct-report points onward."""
        return {s.id for s in self._cache.values() if s is not None and s.propagate}


# --- facts ---------------------------------------------------------------------------


def _chains(origin_ids) -> dict[int, list[dict]]:
    """Each origin's chain of items, the original first, as value dicts."""
    fields = ["id", "unit_id", "office_id", "office__level", "forwarded_from_id", "submitted_at"]
    origin_ids = set(origin_ids)
    chains, first_copies = {}, []
    for ids in _chunks(origin_ids):
        # The originals and their first copies in one statement (an event's round trip).
        both = RawSQL(
            f"({_among(Item, 'id', ids).sql} OR {_among(Item, 'forwarded_from_id', ids).sql})",
            (),
            output_field=BooleanField(),
        )
        for row in Item.objects.filter(both).values(*fields):
            if row["id"] in origin_ids:
                chains[row["id"]] = [row]
            if row["forwarded_from_id"] in origin_ids:
                first_copies.append(row)
    found = {}
    for row in first_copies:
        chains[row["forwarded_from_id"]].append(row)
        found[row["id"]] = row["forwarded_from_id"]
    frontier = found  # top item id -> origin id
    while frontier:
        found = {}
        for ids in _chunks(frontier):
            for row in Item.objects.filter(_among(Item, "forwarded_from_id", ids)).values(*fields):
                origin = frontier[row["forwarded_from_id"]]
                chains[origin].append(row)
                found[row["id"]] = origin
        frontier = found
    return chains


def _combined_sizes(item_ids) -> dict[tuple[int, int], int]:
    """(item, publication) -> the number of items of the 综合信息 article that printed
    the item in that publication (articles of voided issues do not count)."""
    Link = IssueEntry.items.through
    links = (
        Link.objects.filter(_among(Link, "item_id", item_ids), issueentry__combined=True)
        .exclude(issueentry__issue__state=IssueState.VOIDED)
        .values_list("item_id", "issueentry_id", "issueentry__issue__publication_id")
    )
    links = list(links)
    if not links:
        return {}
    sizes = dict(
        Link.objects.filter(_among(Link, "issueentry_id", {entry for _, entry, _ in links}))
        .values("issueentry_id")
        .annotate(n=Count("pk"))
        .values_list("issueentry_id", "n")
    )
    result = {}
    for item_id, entry_id, publication_id in links:
        key = (item_id, publication_id)
        result[key] = max(result.get(key, 1), sizes[entry_id])
    return result


def _facts(item_ids):
    """Adoptions and annotations by item, and the items that answered a solicitation."""
    adoptions, annotations = defaultdict(list), defaultdict(list)
    published, answered = defaultdict(set), set()
    for ids in _chunks(item_ids):
        combined = _combined_sizes(ids)
        answered.update(
            SolicitationResponse.objects.filter(
                _among(SolicitationResponse, "item_id", ids)
            ).values_list("item_id", flat=True)
        )
        rows = Adoption.objects.filter(_among(Adoption, "item_id", ids)).values(
            "id",
            "item_id",
            "adopted_at",
            "kind",
            "publication_id",
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
                    combined_with=combined.get((row["item_id"], row["publication_id"]), 1),
                )
            )
            published[row["item_id"]].add(row["publication__name"])
        notes = Annotation.objects.filter(_among(Annotation, "item_id", ids)).values(
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
    return adoptions, annotation_facts, answered


def _propagation_targets(unit_ids) -> dict[int, tuple[int, ...]]:
    """For direct-report points among ``unit_ids``: their county and counterpart."""
    points = Unit.objects.filter(_among(Unit, "id", unit_ids), kind=UnitKind.GRASSROOTS)
    targets = {}
    rows = points.values_list("pk", "scoring_county__county_id", "counterpart_id")
    for point_id, county_id, counterpart_id in rows:
        found = tuple(t for t in (county_id, counterpart_id) if t)
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
    "prior_adoption_on",
    "prior_level_adoption_on",
]


def _store(lines: list[engine.Line]) -> None:
    insert_rows(
        LedgerLine,
        _COLUMNS,
        [
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
                line.prior_adoption_on and line.prior_adoption_on.isoformat(),
                line.prior_level_adoption_on and line.prior_level_adoption_on.isoformat(),
            )
            for line in lines
        ],
    )


def chain_lines(origin_ids, scheme_for: engine.SchemeFor) -> list[engine.Line]:
    """The lines of these chains as the engine prices them (nothing stored)."""
    chains = _chains(origin_ids)
    adoptions, annotations, answered = _facts(
        [row["id"] for chain in chains.values() for row in chain]
    )
    lines = []
    for chain in chains.values():
        items = [engine.ChainItem(r["id"], r["unit_id"], r["office_id"]) for r in chain]
        chain_adoptions, answering = [], False
        for row in chain:  # an answer counts for adoptions of the item and its copies above
            answering |= row["id"] in answered
            found = adoptions.get(row["id"], ())
            chain_adoptions += [replace(a, answered=True) for a in found] if answering else found
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
            chain_adoptions,
            [n for r in chain for n in annotations.get(r["id"], ())],
            forwards,
            scheme_for,
        )
    return lines


def _write(lines: list[engine.Line], schemes: Schemes) -> set[tuple[int, int]]:
    """Store ``lines`` and their propagated copies; returns the (scheme, unit) pairs."""
    lines = with_propagation(engine.with_prior_adoptions(lines), schemes.propagating())
    _store(lines)
    return {(line.scheme_id, line.unit_id) for line in lines}


def refresh_chains(origin_ids, *, only: Scheme | None = None) -> set[tuple[int, int]]:
    """Recompute the lines of these chains; returns the (scheme, unit) pairs touched."""
    origin_ids = set(origin_ids)
    # One DELETE … RETURNING (PostgreSQL, SQLite ≥ 3.35) instead of a read, then a delete.
    table = connection.ops.quote_name(LedgerLine._meta.db_table)
    sql = f"DELETE FROM {table} WHERE {_among(LedgerLine, 'origin_id', origin_ids).sql}"
    params = []
    if only is not None:
        sql += " AND scheme_id = %s"
        params.append(only.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql + " RETURNING scheme_id, unit_id", params)
        touched = set(cursor.fetchall())
    schemes = Schemes(only)
    return touched | _write(chain_lines(origin_ids, schemes), schemes)


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


def penalty_lines(
    penalties, scheme_for: engine.SchemeFor, office: Unit | None = None
) -> list[engine.Line]:
    """``office``: the office all these penalised units report to, when known."""
    lines = []
    for penalty in penalties:
        # The office that assesses the unit is its parent.
        assessor = office or Unit.objects.get_parent(penalty.unit)
        if penalty.withdrawn or assessor is None:
            continue
        fact = _penalty_fact(penalty, assessor)
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
    return touched | _write(penalty_lines(penalties, schemes), schemes)


# --- targets and quarters -------------------------------------------------------------


def target_picker(scheme: Scheme) -> Callable[[str, str], Decimal | None]:
    """The annual target of a unit of a kind and category: the most specific target
    row (a row with both beats one with either; ties: the oldest)."""
    rows = list(Target.objects.filter(scheme=scheme).order_by("pk"))

    @cache
    def pick(kind: str, category: str) -> Decimal | None:
        fitting = [t for t in rows if t.unit_kind in ("", kind) and t.category in ("", category)]
        if not fitting:
            return None
        return max(fitting, key=lambda t: (bool(t.unit_kind) + bool(t.category), -t.pk)).points

    return pick


def annual_targets(scheme: Scheme, unit_ids) -> dict[int, Decimal]:
    """Each unit's annual target (see ``target_picker``); units without one are left out."""
    pick = target_picker(scheme)
    categories = dict(
        UnitCategory.objects.filter(unit_id__in=unit_ids, year=scheme.year).values_list(
            "unit_id", "category"
        )
    )
    result = {}
    for unit_id, kind in Unit.objects.filter(pk__in=unit_ids).values_list("pk", "kind"):
        target = pick(kind, categories.get(unit_id, ""))
        if target is not None:
            result[unit_id] = target
    return result


def submission_days(scheme: Scheme, units) -> dict[int, list[date]]:
    """The days the units' items reached the scheme's office in its year."""
    days = defaultdict(list)
    rows = Item.objects.filter(
        _among(Item, "unit_id", units),
        office_id=scheme.office_id,
        submitted_at__gte=clock.midnight(date(scheme.year, 1, 1)),
        submitted_at__lt=clock.midnight(date(scheme.year + 1, 1, 1)),
    ).values_list("unit_id", "submitted_at")
    for unit_id, moment in rows:
        days[unit_id].append(_local_date(moment))
    return days


def missed_solicitations(scheme: Scheme, units, as_of: date) -> dict[int, list[date]]:
    """Per unit, the deadlines (before ``as_of``) of the office's solicitations in the
    scheme's year that it was asked for and did not answer by the deadline."""
    Asked = Solicitation.units.through
    asked = Asked.objects.filter(
        _among(Asked, "unit_id", units),
        solicitation__office_id=scheme.office_id,
        solicitation__deadline__gte=clock.midnight(date(scheme.year, 1, 1)),
        solicitation__deadline__lt=min(
            clock.midnight(as_of), clock.midnight(date(scheme.year + 1, 1, 1))
        ),
    ).values_list("unit_id", "solicitation_id", "solicitation__deadline")
    asked = list(asked)
    on_time = set(
        SolicitationResponse.objects.filter(
            solicitation_id__in={s for _, s, _ in asked},
            linked_at__lte=F("solicitation__deadline"),
        ).values_list("unit_id", "solicitation_id")
    )
    missed = defaultdict(list)
    for unit_id, solicitation_id, deadline in asked:
        if (unit_id, solicitation_id) not in on_time:
            missed[unit_id].append(_local_date(deadline))
    return missed


# Lines that follow from a unit's year rather than from one event.
_YEARLY = (RuleKind.WEEKLY, RuleKind.PORTAL, RuleKind.QUARTER_MISS, RuleKind.ZEROED)

# What the public portal published is the portal app's, above scoring. From
# PortalConfig.ready() it registers ``days(office_id=, unit_ids=, year=)``: per unit, the
# days the office's site published its articles that year (live ones only).
PORTAL: dict[str, Callable] = {}


def register_portal(*, days: Callable) -> None:
    PORTAL["days"] = days


def portal_days(scheme, units) -> dict:
    """Per unit, the days the scheme office's portal published its articles in the
    scheme's year; nothing when no portal is installed."""
    if "days" not in PORTAL:
        return {}
    return PORTAL["days"](office_id=scheme.office_id, unit_ids=list(units), year=scheme.year)


def refresh_unit_totals(pairs, *, as_of: date | None = None) -> None:
    """After these (scheme, unit) pairs' lines changed: their yearly lines, then their
    month summaries."""
    as_of = as_of or timezone.localdate(clock.now())
    by_scheme = defaultdict(set)
    for scheme_id, unit_id in pairs:
        by_scheme[scheme_id].add(unit_id)
    # The rules once (prefetched): the yearly lines, ``scheme_data`` and the quarter
    # rules of the month summaries all read them.
    for scheme in Scheme.objects.filter(pk__in=by_scheme).prefetch_related("rules"):
        _refresh_yearly(scheme, by_scheme[scheme.pk], as_of)
        refresh_months(scheme, by_scheme[scheme.pk])


def _refresh_yearly(scheme: Scheme, units: set[int], as_of: date) -> None:
    """Recompute the yearly lines of these units, in order: weekly base points (from
    the unit's submissions), the portal's monthly quota points (from what the portal
    published), quarter deductions (from its quarter scores, weekly
    points included) and the zeroing after missed solicitations (which cancels all
    the others)."""
    rules = [rule for rule in scheme.rules.all() if rule.kind in _YEARLY]
    if not rules:
        return
    lines = LedgerLine.objects.filter(scheme=scheme).filter(_among(LedgerLine, "unit_id", units))
    lines.filter(rule__in=rules).delete()
    if scheme.status != SchemeStatus.IN_FORCE:
        return
    data = scheme_data(scheme)
    kinds = {rule.kind for rule in rules}
    if RuleKind.WEEKLY in kinds:
        days = submission_days(scheme, units)
        _store([line for u in units for line in engine.weekly_lines(data, u, days[u])])
    if RuleKind.PORTAL in kinds:
        days = portal_days(scheme, units)
        _store([line for u in units for line in engine.portal_lines(data, u, days.get(u, ()))])
    if RuleKind.QUARTER_MISS in kinds:
        targets = annual_targets(scheme, units)
        totals = defaultdict(dict)
        for row in lines.values("unit_id", "month").annotate(points=Sum("points")):
            quarter = (row["month"] - 1) // 3 + 1
            held = totals[row["unit_id"]].get(quarter, engine.ZERO)
            totals[row["unit_id"]][quarter] = held + row["points"]
        _store(
            [
                line
                for u in units
                for line in engine.quarter_lines(data, u, targets.get(u), totals[u], as_of)
            ]
        )
    if RuleKind.ZEROED in kinds and data.zero_after_misses:
        missed = missed_solicitations(scheme, units, as_of)
        by_day = defaultdict(dict)
        sums = lines.filter(_among(LedgerLine, "unit_id", missed)).values("unit_id", "on")
        for row in sums.annotate(points=Sum("points")):
            by_day[row["unit_id"]][row["on"]] = row["points"]
        _store(
            [
                line
                for u, days in missed.items()
                for line in engine.zero_lines(data, u, days, by_day[u])
            ]
        )


def quarter_rules(scheme: Scheme) -> list[int]:
    """The ids of the scheme's quarter-deduction rules (few: no join on the lines;
    none read when the rules are prefetched)."""
    return [rule.pk for rule in scheme.rules.all() if rule.kind == RuleKind.QUARTER_MISS]


def refresh_months(scheme: Scheme, units: set[int]) -> None:
    """Recompute these units' month summaries (``UnitMonth``, ``UnitMonthAdoptions``)
    from their lines and the items they sent the scheme's office."""
    for model in (UnitMonth, UnitMonthAdoptions):
        model.objects.filter(scheme=scheme).filter(_among(model, "unit_id", units)).delete()
    if scheme.status != SchemeStatus.IN_FORCE:
        return
    lines = LedgerLine.objects.filter(scheme=scheme).filter(_among(LedgerLine, "unit_id", units))
    original = Q(propagated_from=None)
    months = {}  # (unit, month) -> [points, submitted, sent adopted, annotations, misses]
    for row in lines.values("unit_id", "month").annotate(
        sum=Sum("points"),
        annotations=Count("pk", filter=original & Q(annotation__isnull=False)),
        misses=Count("pk", filter=original & Q(rule_id__in=quarter_rules(scheme))),
    ):
        months[row["unit_id"], row["month"]] = [row["sum"], 0, 0, row["annotations"], row["misses"]]
    bounds = [clock.midnight(date(scheme.year, m, 1)) for m in range(1, 13)]
    bounds.append(clock.midnight(date(scheme.year + 1, 1, 1)))
    sent = Item.objects.filter(
        office_id=scheme.office_id, submitted_at__gte=bounds[0], submitted_at__lt=bounds[12]
    ).filter(_among(Item, "unit_id", units))
    # The items sent, then those adopted whenever (the 采用率's numerator, kept here so
    # that rankings never read the items). A semi-join in WHERE: an EXISTS inside the
    # counts' FILTER made PostgreSQL hash every adoption for each unit (95 ms, not 4).
    adopted = Exists(Adoption.objects.filter(item=OuterRef("pk")))
    bucket = _month_of(Item, "submitted_at", bounds)
    for column, items in ((1, sent), (2, sent.filter(adopted))):
        rows = items.annotate(m=bucket).values_list("unit_id", "m").annotate(n=Count("pk"))
        for unit_id, month, n in rows.order_by():
            months.setdefault((unit_id, month), [engine.ZERO, 0, 0, 0, 0])[column] = n
    insert_rows(
        UnitMonth,
        [
            "scheme_id",
            "unit_id",
            "month",
            "points",
            "submitted",
            "sent_adopted",
            "annotations",
            "quarter_misses",
        ],
        [(scheme.pk, u, m, str(p), *counts) for (u, m), (p, *counts) in months.items()],
    )

    # Counted in the database and written by the same statement (INSERT … SELECT).
    counts = (
        lines.filter(original, adoption__isnull=False)
        .annotate(
            scheme_pk=Value(scheme.pk),
            prior_month=Coalesce(ExtractMonth("prior_adoption_on"), 0),
            prior_level_month=Coalesce(ExtractMonth("prior_level_adoption_on"), 0),
        )
        .values("scheme_pk", "unit_id", "month", "level", "prior_month", "prior_level_month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    select, params = counts.query.sql_with_params()
    names = ["scheme_pk", "unit_id", "month", "level", "prior_month", "prior_level_month", "n"]
    columns = ["scheme_id", "unit_id", "month", "level", "prior_month", "prior_level_month"]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(UnitMonthAdoptions._meta.db_table)}"
            f" ({', '.join(quote(c) for c in [*columns, 'count'])})"
            f" SELECT {', '.join('counted.' + quote(n) for n in names)} FROM ({select}) counted",
            params,
        )


def reporting_units(office: Unit):
    """The units reporting to ``office``: the ones its scheme assesses."""
    return Unit.objects.filter(path__startswith=office.path, depth=office.depth + 1)


def assessed_units(scheme: Scheme):
    return reporting_units(scheme.office)


def origins_of(item_ids) -> set[int]:
    """The original items behind these items' chains of forwards."""
    origins, pending = set(), set(item_ids)
    while pending:
        parents = set()
        for ids in _chunks(pending):
            for pk, parent in Item.objects.filter(_among(Item, "id", ids)).values_list(
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
    return origins_of(received.values_list("pk", flat=True).distinct())


def penalties_of(office: Unit, year: int):
    units = reporting_units(office)
    return Penalty.objects.filter(unit__in=units, occurred_on__year=year).select_related("unit")


def rebuild(scheme: Scheme, *, as_of: date | None = None) -> int:
    """Recompute a scheme's whole year from the events; returns the number of lines."""
    LedgerLine.objects.filter(scheme=scheme).delete()
    if scheme.status == SchemeStatus.IN_FORCE:
        pairs, schemes = set(), Schemes(scheme)
        for batch in _chunks(event_origins(scheme.office)):  # lines deleted above
            pairs |= _write(chain_lines(batch, schemes), schemes)
        penalties = penalties_of(scheme.office, scheme.year)
        pairs |= _write(penalty_lines(penalties, schemes, scheme.office), schemes)
        everyone = assessed_units(scheme).values_list("pk", flat=True)
        refresh_unit_totals(pairs | {(scheme.pk, pk) for pk in everyone}, as_of=as_of)
    else:
        UnitMonth.objects.filter(scheme=scheme).delete()
        UnitMonthAdoptions.objects.filter(scheme=scheme).delete()
    scheme.summarised = scheme.status == SchemeStatus.IN_FORCE
    scheme.save(update_fields=["summarised"])
    return LedgerLine.objects.filter(scheme=scheme).count()
