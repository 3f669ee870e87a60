"""A scheme's year evaluated against its awards: every unit (or officer) against every
criterion, with the records that decide it.

``Facts`` reads the year once (the whole-year ranking, the ledger, penalties,
solicitations, supervision tasks, submitted items); each criterion kind is a small
function of the facts and a subject, registered in ``CHECKS``. Awards are decided
in their ``position`` order so an exclusion (``not_awarded``) or the individual
award (``officer_route``) reads the final list of an award before it, overrides
included."""

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.urls import reverse
from django.utils import timezone

from govdesk.accounts.models import Membership, Role
from govdesk.annotations.models import SupervisionTask, TaskState
from govdesk.awards.models import Attestation, Award, Criterion, CriterionKind, Override, Subject
from govdesk.awards.selectors import assessed
from govdesk.items.models import Item
from govdesk.lib import clock, periods
from govdesk.publications.models import Adoption, Publication
from govdesk.scoring import ledger, selectors
from govdesk.scoring.engine import shown
from govdesk.scoring.models import LedgerLine, Penalty, Scheme
from govdesk.solicitations.models import Solicitation
from govdesk.solicitations.selectors import ON_TIME, response_table
from govdesk.units.models import Level, Unit

MET, NOT_MET, ATTESTED, PENDING = "met", "not_met", "attested", "pending"
STATUS_LABELS = {MET: "符合", NOT_MET: "不符合", ATTESTED: "经核实符合", PENDING: "待核实"}
ZERO = Decimal(0)


@dataclass
class Evidence:
    text: str
    url: str = ""


@dataclass
class Check:
    criterion: Criterion
    status: str
    summary: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in (MET, ATTESTED)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Candidate:
    award: Award
    unit: Unit
    officer: object | None
    checks: list[Check]
    score: Decimal
    override: Override | None = None

    @property
    def proposed(self) -> bool:
        """What the records say: every criterion met or attested."""
        return all(check.ok for check in self.checks)

    @property
    def granted(self) -> bool:
        return self.override.granted if self.override else self.proposed

    @property
    def pending(self) -> bool:
        """Only attestations stand between the candidate and the award."""
        statuses = {check.status for check in self.checks}
        return PENDING in statuses and NOT_MET not in statuses

    @property
    def verdict(self) -> str:
        return "符合" if self.proposed else "待核实" if self.pending else "不符合"

    @property
    def name(self) -> str:
        if self.officer is None:
            return self.unit.display_name
        return f"{self.officer.full_name}（{self.unit.display_name}）"


@dataclass
class Evaluation:
    scheme: Scheme
    results: list[tuple[Award, list[Candidate]]]

    def winners(self) -> list[tuple[Award, list[Candidate]]]:
        return [(award, [c for c in cands if c.granted]) for award, cands in self.results]

    def find(self, award_id: int, unit_id: int, officer_id: int | None) -> Candidate | None:
        for award, candidates in self.results:
            if award.pk != award_id:
                continue
            for c in candidates:
                if c.unit.pk == unit_id and (c.officer.pk if c.officer else None) == officer_id:
                    return c
        return None


def _level(name: str | None) -> int | None:
    return Level[name.upper()] if name else None


def _other_fields(model, prefix: str, *, keep: str) -> list[str]:
    """``prefix__field`` for every concrete column of ``model`` but its key and ``keep``."""
    return [
        f"{prefix}__{f.name}"
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name != keep
    ]


def _item_url(item_id: int) -> str:
    return reverse("items:detail", args=[item_id])


class Facts:
    """The year's records for one scheme, each read once and shared by all checks."""

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.year = scheme.year
        self.today = timezone.localdate(clock.now())
        self.winners: dict[str, set[tuple[int, int | None]]] = {}

    @cached_property
    def ranking(self) -> dict[int, selectors.UnitFigures]:
        table = selectors.ranking(self.scheme, periods.whole_year(self.year))
        return {row.unit.pk: row for row in table.rows}

    @cached_property
    def group_sizes(self) -> dict[str, int]:
        sizes = defaultdict(int)
        for row in self.ranking.values():
            sizes[row.group] += 1
        return sizes

    @cached_property
    def previous_ranks(self) -> dict[int, int] | None:
        before = ledger.in_force(self.scheme.office_id, self.year - 1).first()
        if before is None:
            return None
        table = selectors.ranking(before, periods.whole_year(self.year - 1))
        return {row.unit.pk: row.rank for row in table.rows}

    @cached_property
    def lines(self) -> dict[int, list[LedgerLine]]:
        """Each unit's ledger lines of the year, direct-report propagation included."""
        by_unit = defaultdict(list)
        # The checks read only the item's title and the publication's name: the related
        # rows' other columns (an item's body above all) stay in the database.
        rows = (
            LedgerLine.objects.filter(scheme=self.scheme)
            .select_related("item", "adoption__publication")
            .defer(*_other_fields(Item, "item", keep="title"))
            .defer(*_other_fields(Adoption, "adoption", keep="publication"))
            .defer(*_other_fields(Publication, "adoption__publication", keep="name"))
        )
        for line in rows.order_by("on", "id"):
            by_unit[line.unit_id].append(line)
        return by_unit

    def own_lines(self, unit_id: int) -> list[LedgerLine]:
        return [line for line in self.lines.get(unit_id, []) if line.propagated_from_id is None]

    @cached_property
    def authors(self) -> dict[int, set[int]]:
        """Officers behind each original item of the ledger: its authors."""
        origins = {line.origin_id for lines in self.lines.values() for line in lines}
        by_item = defaultdict(set)
        through = Item.authors.through.objects.filter(item_id__in=origins)
        for item_id, user_id in through.values_list("item_id", "user_id"):
            by_item[item_id].add(user_id)
        return by_item

    @cached_property
    def submitted(self) -> dict[int, list[Item]]:
        by_unit = defaultdict(list)
        items = Item.objects.filter(office=self.scheme.office, submitted_at__year=self.year).only(
            "id", "unit_id", "title", "body", "submitted_at"
        )
        for item in items.order_by("submitted_at", "id"):
            by_unit[item.unit_id].append(item)
        return by_unit

    @cached_property
    def penalties(self) -> dict[int, list[Penalty]]:
        by_unit = defaultdict(list)
        rows = Penalty.objects.filter(
            unit__in=assessed(self.scheme), occurred_on__year=self.year, withdrawn=False
        )
        for penalty in rows.order_by("occurred_on", "id"):
            by_unit[penalty.unit_id].append(penalty)
        return by_unit

    @cached_property
    def solicitations(self) -> dict[int, list[tuple[Solicitation, dict]]]:
        by_unit = defaultdict(list)
        asked = Solicitation.objects.filter(office=self.scheme.office, deadline__year=self.year)
        for solicitation in asked.order_by("deadline", "id"):
            for row in response_table(solicitation):
                by_unit[row["unit"].pk].append((solicitation, row))
        return by_unit

    @cached_property
    def tasks(self) -> dict[int, list[SupervisionTask]]:
        by_unit = defaultdict(list)
        rows = SupervisionTask.objects.filter(
            office=self.scheme.office, opened_at__year=self.year
        ).select_related("annotation__item")
        for task in rows.order_by("deadline", "id"):
            by_unit[task.unit_id].append(task)
        return by_unit

    @cached_property
    def attestations(self) -> dict[tuple[int, int, int | None], Attestation]:
        rows = Attestation.objects.filter(criterion__award__scheme=self.scheme)
        return {(a.criterion_id, a.unit_id, a.officer_id): a for a in rows}

    @cached_property
    def overrides(self) -> dict[tuple[int, int, int | None], Override]:
        rows = Override.objects.filter(award__scheme=self.scheme).select_related("decided_by")
        return {(o.award_id, o.unit_id, o.officer_id): o for o in rows}

    @cached_property
    def officers(self) -> list[tuple[Unit, object]]:
        """(unit, officer) for every active information officer of an assessed unit."""
        memberships = (
            Membership.objects.filter(
                unit__in=assessed(self.scheme),
                role=Role.OFFICER,
                is_active=True,
            )
            .select_related("unit", "user")
            .order_by("unit__path", "user_id")
        )
        return [(m.unit, m.user) for m in memberships]

    def officer_lines(self, unit_id: int, officer_id: int) -> list[LedgerLine]:
        return [
            line
            for line in self.own_lines(unit_id)
            if officer_id in self.authors.get(line.origin_id, ())
        ]

    def officer_score(self, unit_id: int, officer_id: int) -> Decimal:
        """Items adopted (distinct originals), the order of officers in a unit."""
        lines = self.officer_lines(unit_id, officer_id)
        return Decimal(len({line.origin_id for line in lines if line.adoption_id}))

    def ledger_url(self, unit_id: int) -> str:
        return reverse("scoring:ledger", args=[self.scheme.pk, unit_id]) + "?period=year"


Subject_ = tuple[Unit, object | None]
CheckFn = Callable[[Facts, Criterion, Subject_], Check]


def _line_evidence(lines: list[LedgerLine]) -> list[Evidence]:
    return [
        Evidence(
            f"{line.on:%m月%d日} {line.item.title if line.item else ''}：{line.cause}"
            f"（{shown(line.points)}分）",
            _item_url(line.origin_id) if line.origin_id else "",
        )
        for line in lines
    ]


def _target(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    row = facts.ranking.get(subject[0].pk)
    if row is None or row.target is None:
        return Check(c, NOT_MET, "未设全年目标")
    exceed = c.params.get("exceed", False)
    met = row.cumulative > row.target if exceed else row.cumulative >= row.target
    summary = f"全年得分{shown(row.cumulative)}分，目标{shown(row.target)}分"
    url = facts.ledger_url(subject[0].pk)
    return Check(c, MET if met else NOT_MET, summary, [Evidence("计分明细", url)])


def _adoptions(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    """Items adopted at ``adoption_level`` or annotated by a leader of ``annotation_level``."""
    adoption, annotation = (
        _level(c.params.get("adoption_level")),
        _level(c.params.get("annotation_level")),
    )
    lines = [
        line
        for line in facts.own_lines(subject[0].pk)
        if (line.adoption_id and line.level == adoption)
        or (line.annotation_id and line.level == annotation)
    ]
    count = len({line.origin_id for line in lines})
    wanted = c.params.get("min", 1)
    status = MET if count >= wanted else NOT_MET
    return Check(c, status, f"{count}条（须{wanted}条以上）", _line_evidence(lines))


def _monthly(facts: Facts, c: Criterion, counts: dict[int, int], what: str) -> Check:
    missing = [m for m in range(1, 13) if not counts.get(m)]
    evidence = [Evidence(f"{m}月：{counts.get(m, 0)}条") for m in range(1, 13)]
    if missing:
        months = "、".join(f"{m}月" for m in missing)
        return Check(c, NOT_MET, f"{months}无{what}", evidence)
    return Check(c, MET, f"12个月均有{what}", evidence)


def _monthly_adoption(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    annotation = _level(c.params.get("annotation_level"))
    months = defaultdict(set)
    for line in facts.own_lines(subject[0].pk):
        if line.adoption_id or (line.annotation_id and line.level == annotation):
            months[line.month].add(line.origin_id)
    return _monthly(facts, c, {m: len(ids) for m, ids in months.items()}, "采用或批示")


def _monthly_submission(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    months = defaultdict(int)
    for item in facts.submitted.get(subject[0].pk, []):
        months[timezone.localtime(item.submitted_at).month] += 1
    return _monthly(facts, c, months, "报送")


def _rank(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    """``top``: a number, or numbers by unit kind; ``top_share``: the first share of the
    group, rounded up (never fewer than one unit)."""
    unit = subject[0]
    row = facts.ranking.get(unit.pk)
    if row is None:
        return Check(c, NOT_MET, "不在考核范围")
    size = facts.group_sizes[row.group]
    top = c.params.get("top")
    if isinstance(top, dict):
        top = top.get(unit.kind)
    if top is None and "top_share" in c.params:
        top = max(1, math.ceil(Decimal(str(c.params["top_share"])) * size))
    summary = f"{row.group}第{row.rank}名（共{size}个）"
    if top is None:
        return Check(c, NOT_MET, f"{summary}，该类单位不参评")
    url = reverse("scoring:ranking", args=[facts.scheme.pk]) + "?period=year"
    status = MET if row.rank <= top else NOT_MET
    return Check(c, status, f"{summary}，须前{top}名", [Evidence("全年排名", url)])


def _no_failures(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    kinds = set(c.params.get("kinds", ["missed", "late", "wrong"]))
    found = [p for p in facts.penalties.get(subject[0].pk, []) if p.kind in kinds]
    evidence = [
        Evidence(
            f"{p.occurred_on:%m月%d日}{p.get_kind_display()}：{p.description}",
            _item_url(p.item_id) if p.item_id else "",
        )
        for p in found
    ]
    if found:
        return Check(c, NOT_MET, f"{len(found)}次报送失误", evidence)
    return Check(c, MET, "无记录")


def _solicitations(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    asked = facts.solicitations.get(subject[0].pk, [])
    evidence = [
        Evidence(
            f"{s.deadline:%m月%d日}截止《{s.topic}》：{row['label']}",
            reverse("solicitations:detail", args=[s.pk]),
        )
        for s, row in asked
    ]
    late = [row for _, row in asked if row["status"] != ON_TIME]
    if late:
        return Check(c, NOT_MET, f"约稿{len(asked)}次，{len(late)}次未按时回应", evidence)
    return Check(c, MET, f"约稿{len(asked)}次，均按时回应", evidence)


def _feedback(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    """Every supervision task past its deadline has feedback; tasks still in time
    do not count against the unit."""
    tasks = facts.tasks.get(subject[0].pk, [])
    evidence = [
        Evidence(
            f"{t.deadline:%m月%d日}期限：{t.annotation.item.title}（{t.get_state_display()}）",
            reverse("annotations:task", args=[t.pk]),
        )
        for t in tasks
    ]
    open_ = [t for t in tasks if t.state < TaskState.ANSWERED and t.deadline < facts.today]
    if open_:
        return Check(c, NOT_MET, f"督办{len(tasks)}件，{len(open_)}件逾期未反馈", evidence)
    return Check(c, MET, f"督办{len(tasks)}件，均已反馈", evidence)


def _body_text(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    items = facts.submitted.get(subject[0].pk, [])
    empty = [item for item in items if not item.body.strip()]
    evidence = [Evidence(f"无正文：{item.title}", _item_url(item.pk)) for item in empty]
    if empty:
        return Check(c, NOT_MET, f"{len(empty)}条信息无正文", evidence)
    return Check(c, MET, f"报送{len(items)}条，均为正文形式")


def _mandatory(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    row = facts.ranking.get(subject[0].pk)
    names = set(facts.scheme.mandatory_publications)
    lines = [
        line
        for line in facts.own_lines(subject[0].pk)
        if line.adoption_id and line.adoption.publication.name in names
    ]
    wanted = "、".join(f"《{n}》" for n in facts.scheme.mandatory_publications)
    if row is None or row.mandatory_met is False:
        return Check(c, NOT_MET, f"全年无{wanted}采用")
    return Check(c, MET, f"{len(lines)}条", _line_evidence(lines))


def _no_zero_quarter(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    scores = defaultdict(lambda: ZERO)
    for line in facts.lines.get(subject[0].pk, []):
        scores[(line.month - 1) // 3 + 1] += line.points
    evidence = [Evidence(f"第{q}季度：{shown(scores[q])}分") for q in range(1, 5)]
    zero = [q for q in range(1, 5) if scores[q] <= 0]
    if zero:
        quarters = "、".join(f"第{q}季度" for q in zero)
        return Check(c, NOT_MET, f"{quarters}得分为零", evidence)
    return Check(c, MET, "四个季度均有得分", evidence)


def _rank_rise(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    row = facts.ranking.get(subject[0].pk)
    before = (facts.previous_ranks or {}).get(subject[0].pk)
    if row is None or before is None:
        return Check(c, NOT_MET, "上年无排名，无法比较")
    rise, wanted = before - row.rank, c.params.get("min", 8)
    summary = f"上年第{before}名，本年第{row.rank}名，上升{rise}位"
    return Check(c, MET if rise >= wanted else NOT_MET, f"{summary}（须{wanted}位以上）")


def _not_awarded(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    code = c.params["award"]
    if (subject[0].pk, None) in facts.winners.get(code, set()):
        return Check(c, NOT_MET, "已获更高奖项")
    return Check(c, MET, "未获更高奖项")


def _officer_adoptions(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    unit, officer = subject
    lines = [line for line in facts.officer_lines(unit.pk, officer.pk) if line.adoption_id]
    count = len({line.origin_id for line in lines})
    wanted = c.params.get("min", 1)
    status = MET if count >= wanted else NOT_MET
    return Check(c, status, f"被采用{count}条", _line_evidence(lines))


def _officer_route(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    """范文2 三(二)3: one officer of each advanced unit (the one with most adoptions);
    in the other units, an officer with an adoption at ``adoption_level`` or an
    annotation by a leader of ``annotation_level``."""
    unit, officer = subject
    if (unit.pk, None) in facts.winners.get(c.params["unit_award"], set()):
        peers = [o for u, o in facts.officers if u.pk == unit.pk]
        best = max(peers, key=lambda o: (facts.officer_score(unit.pk, o.pk), -o.pk))
        if best.pk == officer.pk:
            return Check(c, MET, "所在单位获评先进集体，为本单位采用最多的信息员")
        return Check(c, NOT_MET, f"所在单位获评先进集体，已推荐{best.full_name}")
    adoption = _level(c.params.get("adoption_level"))
    annotation = _level(c.params.get("annotation_level"))
    lines = [
        line
        for line in facts.officer_lines(unit.pk, officer.pk)
        if (line.adoption_id and line.level == adoption)
        or (line.annotation_id and line.level == annotation)
    ]
    status = MET if lines else NOT_MET
    return Check(c, status, f"上级采用或领导批示{len(lines)}次", _line_evidence(lines))


def _attested(facts: Facts, c: Criterion, subject: Subject_) -> Check:
    unit, officer = subject
    found = facts.attestations.get((c.pk, unit.pk, officer.pk if officer else None))
    if found is None:
        return Check(c, PENDING, "待编辑核实")
    text = f"{found.note}（{timezone.localtime(found.attested_at):%Y-%m-%d}核实）"
    return Check(c, ATTESTED if found.met else NOT_MET, text)


CHECKS: dict[str, CheckFn] = {
    CriterionKind.TARGET: _target,
    CriterionKind.ADOPTIONS: _adoptions,
    CriterionKind.MONTHLY_ADOPTION: _monthly_adoption,
    CriterionKind.MONTHLY_SUBMISSION: _monthly_submission,
    CriterionKind.RANK: _rank,
    CriterionKind.NO_FAILURES: _no_failures,
    CriterionKind.SOLICITATIONS: _solicitations,
    CriterionKind.FEEDBACK: _feedback,
    CriterionKind.BODY_TEXT: _body_text,
    CriterionKind.MANDATORY: _mandatory,
    CriterionKind.NO_ZERO_QUARTER: _no_zero_quarter,
    CriterionKind.RANK_RISE: _rank_rise,
    CriterionKind.NOT_AWARDED: _not_awarded,
    CriterionKind.OFFICER_ROUTE: _officer_route,
    CriterionKind.OFFICER_ADOPTIONS: _officer_adoptions,
    CriterionKind.ATTESTED: _attested,
}


def _subjects(facts: Facts, award: Award) -> list[Subject_]:
    if award.subject == Subject.OFFICER:
        return facts.officers
    return [(row.unit, None) for row in facts.ranking.values()]


def evaluate(scheme: Scheme) -> Evaluation:
    """Every award of the scheme with its candidates, the granted first, then by
    score (units: the year's score; officers: items adopted)."""
    facts = Facts(scheme)
    results = []
    awards = Award.objects.filter(scheme=scheme).prefetch_related("criteria")
    for award in awards.order_by("position", "id"):
        candidates = []
        for unit, officer in _subjects(facts, award):
            checks = [CHECKS[c.kind](facts, c, (unit, officer)) for c in award.criteria.all()]
            if officer is None:
                score = facts.ranking[unit.pk].cumulative
            else:
                score = facts.officer_score(unit.pk, officer.pk)
            key = (award.pk, unit.pk, officer.pk if officer else None)
            override = facts.overrides.get(key)
            candidates.append(Candidate(award, unit, officer, checks, score, override))
        candidates.sort(key=lambda c: (not c.granted, -c.score, c.unit.path))
        facts.winners[award.code] = {
            (c.unit.pk, c.officer.pk if c.officer else None) for c in candidates if c.granted
        }
        results.append((award, candidates))
    return Evaluation(scheme, results)
