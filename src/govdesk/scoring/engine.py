"""The scoring engine: pure functions from plain event facts to ledger lines.

No database here: ``ledger.py`` loads the facts and stores the lines, tests feed
the facts by hand. An event on an item of a forward chain (a unit's item, the
office's copy sent up, that office's copy sent further …) is priced for every
item of the chain at or below it, by the scheme of the office that item went to,
and credited to that item's unit: a township item adopted by the city scores for
the township under the county scheme and for the county office under the city
scheme (see docs/scoring.md, 计分对象).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

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

    def best(self, kind: str, **facts) -> RuleData | None:
        """The most specific rule of ``kind`` matching ``facts`` (ties: the oldest rule)."""
        found = [r for r in self.rules if r.kind == kind and r.matches(facts)]
        return max(sorted(found, key=lambda r: r.id), key=lambda r: r.specificity, default=None)


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


def _adoption(chain: _Chain, scheme: SchemeData, item: ChainItem, a: AdoptionFact) -> None:
    facts = {"level": a.level, "publication": a.publication, "column": a.column}
    base = scheme.best(RuleKind.ADOPTION, adoption_kind=a.kind, **facts)
    research = scheme.best(RuleKind.RESEARCH, **facts) if a.kind == "research" else None
    where = f"《{a.publication}》" + (f"“{a.column}”栏目" if a.column else "")
    cause = f"被{LEVEL_NAMES.get(a.level, '')}级{where}采用"
    common = {"level": a.level, "adoption_id": a.id}
    priced = [r for r in (base, research) if r is not None]
    if scheme.combination == Combination.HIGHEST and priced:
        value = sum((r.points for r in priced), ZERO)
        key = (scheme.id, item.unit_id)
        before = chain.highest.get(key)
        chain.highest[key] = max(value, before or ZERO)
        points = value if before is None else max(ZERO, value - before)
        detail = "、".join(f"{r.label}{shown(r.points)}分" for r in priced)
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
            chain.add(scheme, item, rule, rule.points, a.on, f"{cause}：{rule.label}", **common)
    if a.kind == "solicited":
        bonus = scheme.best(RuleKind.SOLICITED, **facts)
        key = (scheme.id, item.unit_id, RuleKind.SOLICITED, a.level)
        if bonus is not None and key not in chain.once:
            chain.once.add(key)
            chain.add(scheme, item, bonus, bonus.points, a.on, f"约稿信息{cause}", **common)


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


def propagated(lines: Iterable[Line], targets: dict[int, tuple[int, ...]]) -> list[Line]:
    """Copies of direct-report points' lines for their county and counterpart
    department (范文6 二(六)); ``targets`` maps a point to the units credited with it."""
    return [
        replace(line, unit_id=target, propagated_from_id=line.unit_id)
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
