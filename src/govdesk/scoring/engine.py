"""The scoring engine: pure functions from plain event facts to ledger lines.

No database here: ``ledger.py`` loads the facts and stores the lines, tests feed
the facts by hand. An event on an item of a forward chain (a unit's item, the
office's copy sent up, that office's copy sent further …) is priced for every
item of the chain at or below it, by the scheme of the office that item went to,
and credited to that item's unit: a township item adopted by the city scores for
the township under the county scheme and for the county office under the city
scheme (see docs/scoring.md, 计分对象).
"""

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from govdesk.scoring.models import Combination, RuleKind

ZERO = Decimal(0)
LEVEL_NAMES = {10: "乡镇", 20: "县", 30: "市", 40: "省", 50: "国家"}


@dataclass(frozen=True)
class RuleData:
    id: int
    kind: str
    points: Decimal
    label: str
    level: int | None = None
    publication: str = ""
    column: str = ""
    adoption_kind: str = ""
    penalty_kind: str = ""
    serious_only: bool = False

    def matches(self, facts: dict) -> bool:
        for name in ("level", "column", "adoption_kind", "penalty_kind"):
            wanted = getattr(self, name)
            if wanted not in (None, "") and facts.get(name) != wanted:
                return False
        # An annotation is matched against every publication its item appeared in.
        publications = facts.get("publications") or {facts.get("publication")}
        if self.publication and self.publication not in publications:
            return False
        return not (self.serious_only and not facts.get("serious"))

    @property
    def specificity(self) -> int:
        filled = [self.level, self.publication, self.column, self.adoption_kind, self.penalty_kind]
        return sum(value not in (None, "") for value in filled) + self.serious_only


@dataclass(frozen=True)
class SchemeData:
    id: int
    office_id: int
    year: int
    combination: str
    rules: tuple[RuleData, ...]
    propagate: bool = False
    quarter_shares: tuple[Decimal, ...] = ()
    shared_combined: bool = False  # a 综合信息 article's points are shared by its items
    weekly_min_items: int = 2
    zero_after_misses: int = 0  # missed solicitations that zero the year (0: never)
    portal_per_month: int = 0  # articles a month on the portal that earn the portal rule
    # best() answers by facts: a rebuild asks the same few questions 100,000s of times.
    _best: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    def best(self, kind: str, **facts) -> RuleData | None:
        """The most specific rule of ``kind`` matching ``facts`` (ties: the oldest rule)."""
        key = (kind, *sorted(facts.items()))
        if key not in self._best:
            found = [r for r in self.rules if r.kind == kind and r.matches(facts)]
            self._best[key] = max(
                sorted(found, key=lambda r: r.id), key=lambda r: r.specificity, default=None
            )
        return self._best[key]


@dataclass(frozen=True)
class ChainItem:
    id: int
    unit_id: int
    office_id: int


@dataclass(frozen=True)
class AdoptionFact:
    id: int
    item_id: int
    on: date
    level: int
    publication: str
    column: str
    kind: str
    # The adopted item, or one below it in its chain, answered a solicitation (约稿).
    answered: bool = False
    # Items in the 综合信息 article of this publication that printed the item (1: none).
    combined_with: int = 1


@dataclass(frozen=True)
class AnnotationFact:
    id: int
    item_id: int
    on: date
    leader_level: int
    publications: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ForwardFact:
    item_id: int  # the item sent up
    on: date
    to_level: int  # level of the office it went to


@dataclass(frozen=True)
class PenaltyFact:
    id: int
    unit_id: int
    office_id: int
    on: date
    kind: str
    label: str
    serious: bool = False
    item_id: int | None = None


@dataclass(frozen=True)
class Line:
    scheme_id: int
    unit_id: int
    rule_id: int
    points: Decimal
    on: date
    cause: str
    level: int | None = None
    origin_id: int | None = None
    item_id: int | None = None
    adoption_id: int | None = None
    annotation_id: int | None = None
    penalty_id: int | None = None
    propagated_from_id: int | None = None
    note: str = ""
    # Adoption lines: the unit's previous adoption line of the item (at this level).
    prior_adoption_on: date | None = None
    prior_level_adoption_on: date | None = None


@cache  # a rebuild writes the same few amounts into 100,000s of causes
def shown(points: Decimal) -> str:
    """Points as written in a cause: 5, 2.5 (never 5.0 or 5E+1)."""
    return f"{points.normalize():f}"


SchemeFor = Callable[[int, int], SchemeData | None]  # (office id, year) -> scheme in force


@dataclass
class _Chain:
    """Running state while one chain's events are priced in date order."""

    items: list[ChainItem]
    scheme_for: SchemeFor
    highest: dict = field(default_factory=dict)  # (scheme, unit) -> best adoption value so far
    once: set = field(default_factory=set)  # bonuses granted once per item and level
    lines: list[Line] = field(default_factory=list)

    def below(self, item_id: int):
        """The chain's items from the unit's original up to ``item_id``."""
        for item in self.items:
            yield item
            if item.id == item_id:
                return

    def add(self, scheme: SchemeData, item: ChainItem, rule: RuleData, points, on, cause, **kw):
        self.lines.append(
            Line(
                scheme.id,
                item.unit_id,
                rule.id,
                points,
                on,
                cause,
                origin_id=self.items[0].id,
                item_id=item.id,
                **kw,
            )
        )


def chain_lines(
    items: list[ChainItem],
    adoptions: Iterable[AdoptionFact],
    annotations: Iterable[AnnotationFact],
    forwards: Iterable[ForwardFact],
    scheme_for: SchemeFor,
) -> list[Line]:
    """Ledger lines for one forward chain; ``items`` runs from the unit's original
    item up to the last forwarded copy."""
    chain = _Chain(items, scheme_for)
    events = [(a.on, 0, a.id, a) for a in adoptions]
    events += [(f.on, 1, f.item_id, f) for f in forwards]
    events += [(n.on, 2, n.id, n) for n in annotations]
    for on, _, _, event in sorted(events, key=lambda e: e[:3]):
        for item in list(chain.below(event.item_id)):
            scheme = scheme_for(item.office_id, on.year)
            if scheme is None:
                continue
            if isinstance(event, AdoptionFact):
                _adoption(chain, scheme, item, event)
            elif isinstance(event, ForwardFact):
                _forward(chain, scheme, item, event)
            else:
                _annotation(chain, scheme, item, event)
    return chain.lines


def share(points: Decimal, parts: int) -> Decimal:
    """One of ``parts`` equal shares, to the ledger's 0.1 point (half up)."""
    return (points / parts).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _adoption(chain: _Chain, scheme: SchemeData, item: ChainItem, a: AdoptionFact) -> None:
    facts = {"level": a.level, "publication": a.publication, "column": a.column}
    base = scheme.best(RuleKind.ADOPTION, adoption_kind=_priced_kind(scheme, a, facts), **facts)
    research = scheme.best(RuleKind.RESEARCH, **facts) if a.kind == "research" else None
    where = f"《{a.publication}》" + (f"“{a.column}”栏目" if a.column else "")
    cause = f"被{LEVEL_NAMES.get(a.level, '')}级{where}采用"
    common = {"level": a.level, "adoption_id": a.id}
    priced = [r for r in (base, research) if r is not None]
    parts = a.combined_with if scheme.shared_combined else 1
    if a.combined_with > 1:
        how = f"均分，每条计1/{parts}" if parts > 1 else "各计全额"
        cause += f"（{a.combined_with}条合编为综合信息，{how}）"
    price = {r.id: share(r.points, parts) if parts > 1 else r.points for r in priced}
    if scheme.combination == Combination.HIGHEST and priced:
        value = sum((price[r.id] for r in priced), ZERO)
        key = (scheme.id, item.unit_id)
        before = chain.highest.get(key)
        chain.highest[key] = max(value, before or ZERO)
        points = value if before is None else max(ZERO, value - before)
        detail = "、".join(f"{r.label}{shown(price[r.id])}分" for r in priced)
        note = (
            ""
            if before is None
            else f"就高不就低：此前已按{shown(before)}分计分，本次{shown(value)}分"
        )
        chain.add(
            scheme, item, priced[0], points, a.on, f"{cause}（{detail}）", note=note, **common
        )
    else:
        for rule in priced:
            chain.add(scheme, item, rule, price[rule.id], a.on, f"{cause}：{rule.label}", **common)
    if a.kind == "solicited" or a.answered:
        bonus = scheme.best(RuleKind.SOLICITED, **facts)
        key = (scheme.id, item.unit_id, RuleKind.SOLICITED, a.level)
        if bonus is not None and key not in chain.once:
            chain.once.add(key)
            chain.add(scheme, item, bonus, bonus.points, a.on, f"约稿信息{cause}", **common)


def _priced_kind(scheme: SchemeData, a: AdoptionFact, facts: dict) -> str:
    """The adoption kind the scheme prices. 范文2 二(二)1 prices the fact, not the
    editor's click: "以上栏目采用约稿信息1条，计3分" — an item that answered a
    solicitation scores as 约稿 in every column with a 约稿 price, whatever kind the
    editor picked; elsewhere (no such price) the picked kind stands."""
    if not a.answered or a.kind == "solicited":
        return a.kind
    solicited = scheme.best(RuleKind.ADOPTION, adoption_kind="solicited", **facts)
    return "solicited" if solicited and solicited.adoption_kind == "solicited" else a.kind


def _forward(chain: _Chain, scheme: SchemeData, item: ChainItem, f: ForwardFact) -> None:
    rule = scheme.best(RuleKind.FORWARD, level=f.to_level)
    if rule is not None:
        cause = f"转报{LEVEL_NAMES.get(f.to_level, '')}级政府办公室"
        chain.add(scheme, item, rule, rule.points, f.on, cause, level=f.to_level)


def _annotation(chain: _Chain, scheme: SchemeData, item: ChainItem, n: AnnotationFact) -> None:
    rule = scheme.best(RuleKind.ANNOTATION, level=n.leader_level, publications=n.publications)
    key = (scheme.id, item.unit_id, RuleKind.ANNOTATION, n.leader_level)
    if rule is None or key in chain.once:
        return  # one bonus per item and leader level, however many leaders of it annotate
    chain.once.add(key)
    cause = f"被{LEVEL_NAMES.get(n.leader_level, '')}领导批示"
    chain.add(
        scheme, item, rule, rule.points, n.on, cause, level=n.leader_level, annotation_id=n.id
    )


def penalty_lines(penalty: PenaltyFact, scheme: SchemeData) -> list[Line]:
    rule = scheme.best(RuleKind.PENALTY, penalty_kind=penalty.kind, serious=penalty.serious)
    if rule is None:
        return []
    return [
        Line(
            scheme.id,
            penalty.unit_id,
            rule.id,
            rule.points,
            penalty.on,
            f"{penalty.label}：{rule.label}",
            item_id=penalty.item_id,
            penalty_id=penalty.id,
        )
    ]


def with_prior_adoptions(lines: list[Line]) -> list[Line]:
    """``lines`` with each adoption line's date of the unit's previous adoption line of
    the same item (``prior_adoption_on``) and of the same item at the same level
    (``prior_level_adoption_on``); None on the first. An item then has an adoption in
    a window [start, end] exactly when one of its lines in the window has no prior
    date or one before ``start``, and only one line does: the ranking counts adopted
    items with plain filtered counts instead of distinct counts. All lines of an
    item must be in ``lines`` (the ledger writes whole chains)."""
    ordered = sorted(
        (
            (line.on, line.adoption_id, line.rule_id, index)
            for index, line in enumerate(lines)
            if line.adoption_id is not None and line.propagated_from_id is None
        )
    )
    last: dict[tuple, date] = {}
    prior: dict[int, tuple] = {}
    for on, _, _, index in ordered:
        line = lines[index]
        item = (line.scheme_id, line.unit_id, line.item_id)
        level = (*item, line.level)
        prior[index] = (last.get(item), last.get(level))
        last[item] = last[level] = on
    return [
        replace(line, prior_adoption_on=prior[index][0], prior_level_adoption_on=prior[index][1])
        if index in prior
        else line
        for index, line in enumerate(lines)
    ]


def propagated(lines: Iterable[Line], targets: dict[int, tuple[int, ...]]) -> list[Line]:
    """Copies of direct-report points' lines for their county and counterpart
    department (范文6 二(六)); ``targets`` maps a point to the units credited with it."""
    return [
        replace(
            line,
            unit_id=target,
            propagated_from_id=line.unit_id,
            prior_adoption_on=None,  # the copies are not counted as adoptions
            prior_level_adoption_on=None,
        )
        for line in lines
        for target in targets.get(line.unit_id, ())
    ]


QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_lines(
    scheme: SchemeData,
    unit_id: int,
    annual_target: Decimal | None,
    quarter_points: dict[int, Decimal],
    as_of: date,
) -> list[Line]:
    """Deductions for quarters that have ended with the unit below its share of the
    annual target (范文2 二(一): 分四个季度进行考核)."""
    rule = scheme.best(RuleKind.QUARTER_MISS)
    if rule is None or annual_target is None or not scheme.quarter_shares:
        return []
    lines = []
    for quarter, share in enumerate(scheme.quarter_shares, start=1):
        end = date(scheme.year, *QUARTER_ENDS[quarter - 1])
        needed = annual_target * Decimal(share) / 100
        scored = quarter_points.get(quarter, ZERO)
        if end < as_of and scored < needed:
            cause = f"第{quarter}季度得分{shown(scored)}，未完成季度目标{shown(needed)}分"
            lines.append(Line(scheme.id, unit_id, rule.id, rule.points, end, cause))
    return lines


def weekly_lines(scheme: SchemeData, unit_id: int, days: Iterable[date]) -> list[Line]:
    """The weekly base point (a rule seen in other offices): a week, Monday to Sunday,
    in which the unit sent at least ``weekly_min_items`` items scores the rule, dated
    the day it reached that number. ``days``: when its items reached the office."""
    rule = scheme.best(RuleKind.WEEKLY)
    needed = scheme.weekly_min_items
    if rule is None or needed < 1:
        return []
    return _reached(
        scheme,
        unit_id,
        rule,
        needed,
        days,
        lambda day: day - timedelta(days=day.weekday()),
        lambda monday, sent: (
            f"{monday.month}月{monday.day}日起一周报送{len(sent)}条（不少于{needed}条）"
        ),
    )


def _reached(
    scheme: SchemeData, unit_id: int, rule, needed: int, days, group_of, cause
) -> list[Line]:
    """A line of ``rule`` for each group (``group_of(day)``: its week, its month) of the
    scheme year's days with at least ``needed`` of them, dated the day the count was
    reached; ``cause(group, days)`` explains it."""
    groups = defaultdict(list)
    for day in sorted(d for d in days if d.year == scheme.year):
        groups[group_of(day)].append(day)
    return [
        Line(scheme.id, unit_id, rule.id, rule.points, days[needed - 1], cause(key, days))
        for key, days in sorted(groups.items())
        if len(days) >= needed
    ]


def portal_lines(scheme: SchemeData, unit_id: int, days: Iterable[date]) -> list[Line]:
    """The portal quota as points (seed 001 范文8: 每月不少于四条; an office's choice,
    off unless its scheme has the rule): a month in which the portal published at
    least ``portal_per_month`` of the unit's items scores the rule, dated the day it
    reached that number. ``days``: when the portal published them."""
    rule = scheme.best(RuleKind.PORTAL)
    needed = scheme.portal_per_month
    if rule is None or needed < 1:
        return []
    return _reached(
        scheme,
        unit_id,
        rule,
        needed,
        days,
        lambda day: day.month,
        lambda month, published: f"{month}月门户网站发布{len(published)}条（不少于{needed}条）",
    )


def zero_lines(
    scheme: SchemeData, unit_id: int, missed: Iterable[date], points_by_day: dict[date, Decimal]
) -> list[Line]:
    """The annual score set to zero once a unit has missed ``zero_after_misses``
    solicitations (a rule seen in other offices). One line on the day of that miss
    cancels every point up to it; one at the end of each later month cancels that
    month's points after it, so every period from the miss on adds up to zero."""
    rule = scheme.best(RuleKind.ZEROED)
    missed = sorted(missed)
    limit = scheme.zero_after_misses
    if rule is None or limit < 1 or len(missed) < limit:
        return []
    day = missed[limit - 1]
    cause = f"未按时完成约稿{len(missed)}次（第{limit}次{day.month}月{day.day}日），全年得分清零"
    upto = sum((p for on, p in points_by_day.items() if on <= day), ZERO)
    lines = [Line(scheme.id, unit_id, rule.id, -upto, day, cause)]
    for month in range(day.month, 13):
        end = date(scheme.year, month, calendar.monthrange(scheme.year, month)[1])
        after = sum(
            (p for on, p in points_by_day.items() if on.month == month and day < on <= end),
            ZERO,
        )
        if after:
            lines.append(Line(scheme.id, unit_id, rule.id, -after, end, cause))
    return lines
