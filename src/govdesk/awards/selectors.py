"""Reads for the award pages: the schemes a user may evaluate, and the officer
statistics (信息员统计) behind the quarterly officer evaluation."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from govdesk import policy
from govdesk.accounts.models import Membership, Role
from govdesk.items.models import Item
from govdesk.lib.periods import Period
from govdesk.scoring.models import LedgerLine, Scheme, SchemeStatus
from govdesk.solicitations.models import SolicitationResponse
from govdesk.units.models import Level, Unit


def assessed(scheme: Scheme):
    """The units a scheme assesses: the active units reporting to its office (they
    submit only to their direct superior office)."""
    return Unit.objects.get_children(scheme.office).filter(is_active=True)


def evaluable_schemes(user) -> list[Scheme]:
    """Schemes in force whose awards the user may read, newest first."""
    schemes = Scheme.objects.filter(status=SchemeStatus.IN_FORCE).select_related("office")
    return [
        s
        for s in schemes.order_by("-year", "office__path")
        if policy.can(user, "awards.view", s.office)
    ]


@dataclass
class OfficerFigures:
    officer: object
    unit: object
    submitted: int = 0
    adopted_by_level: dict[int, int] = field(default_factory=dict)
    annotations: int = 0
    solicitations: int = 0
    level_counts: list[int] = field(default_factory=list)

    @property
    def adopted(self) -> int:
        return sum(self.adopted_by_level.values())


def officer_statistics(scheme: Scheme, period: Period) -> tuple[list[OfficerFigures], list]:
    """Per information officer of an assessed unit, in ``period``: items submitted (as
    an author), items adopted by level and annotations (from the ledger, so the
    numbers match the scores), solicitations answered. Returns the rows and the
    levels that occur, one column each."""
    memberships = Membership.objects.filter(
        unit__in=assessed(scheme), role=Role.OFFICER, is_active=True
    ).select_related("unit", "user")
    rows = {
        m.user_id: OfficerFigures(m.user, m.unit) for m in memberships.order_by("unit__path", "pk")
    }
    authors = Item.authors.through.objects
    during = (period.start, period.end)
    submitted = (
        authors.filter(item__office=scheme.office, item__submitted_at__date__range=during)
        .values("user_id")
        .annotate(n=Count("item_id"))
    )
    for row in submitted:
        if row["user_id"] in rows:
            rows[row["user_id"]].submitted = row["n"]

    lines = LedgerLine.objects.filter(
        scheme=scheme, on__range=during, propagated_from=None
    ).exclude(adoption=None, annotation=None)
    facts = list(lines.values_list("origin_id", "level", "adoption_id", "annotation_id"))
    by_origin = defaultdict(set)
    for item_id, user_id in authors.filter(item_id__in={f[0] for f in facts}).values_list(
        "item_id", "user_id"
    ):
        by_origin[item_id].add(user_id)
    adopted, annotated = defaultdict(set), defaultdict(set)
    for origin, level, adoption, annotation in facts:
        for user_id in by_origin[origin]:
            if adoption:
                adopted[(user_id, level)].add(origin)
            if annotation:
                annotated[user_id].add(annotation)
    for (user_id, level), origins in adopted.items():
        if user_id in rows:
            rows[user_id].adopted_by_level[level] = len(origins)
    for user_id, notes in annotated.items():
        if user_id in rows:
            rows[user_id].annotations = len(notes)

    answered = SolicitationResponse.objects.filter(
        solicitation__office=scheme.office, linked_at__date__range=during
    )
    for user_id, n in (
        authors.filter(item_id__in=answered.values("item_id"))
        .values_list("user_id")
        .annotate(n=Count("item_id"))
    ):
        if user_id in rows:
            rows[user_id].solicitations = n

    result = list(rows.values())
    levels = [lv for lv in Level if any(lv in r.adopted_by_level for r in result)]
    for row in result:
        row.level_counts = [row.adopted_by_level.get(level, 0) for level in levels]
    return result, levels
