"""Reads for issued notices: the notices a user may see, and what changed since one
was issued (the live ledger against its frozen figures)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from govdesk import policy
from govdesk.circulars.models import SCORING_KINDS, Circular, Kind, State
from govdesk.circulars.services import KIND_OF_PERIOD, period_of, suggest_number
from govdesk.lib import clock
from govdesk.scoring import notices
from govdesk.scoring.engine import shown
from govdesk.scoring.models import SchemeStatus
from govdesk.scoring.selectors import UnitFigures, ranking
from govdesk.units.models import Unit, UnitKind


def issued_monthly(office: Unit):
    """The office's issued monthly notices (月度信息通报), newest period first: the ones
    the portal may publish as an article."""
    return Circular.objects.filter(
        office=office, kind=Kind.SCORING_MONTH, state=State.ISSUED
    ).order_by("-period_start")


def may_list(user, office: Unit) -> bool:
    """Whether the user may see any of the office's issued notices."""
    return any(
        policy.can(user, "circular.view", Circular(office=office, kind=kind, state=State.ISSUED))
        for kind in Kind.values
    )


def may_issue(user, office: Unit) -> bool:
    """Whether the user issues any kind of the office's notices (its desk or duty)."""
    return any(
        policy.can(user, "circular.issue", Circular(office=office, kind=kind, state=State.DRAFT))
        for kind in Kind.values
    )


def listable_offices(user) -> list[Unit]:
    """The offices whose notices the user may see, in tree order."""
    # Only offices where the user holds a role, administers, or whose units they work in
    # can have notices for them.
    r = policy.roles(user)
    own = Q(pk__in=[*r.by_unit, *r.reporting_to])
    candidates = Unit.objects.filter(
        own | Q(pk__in=policy.managed_units(user).values("pk")),
        kind="office",
        is_active=True,
    )
    return [o for o in candidates.order_by("path") if may_list(user, o)]


def visible(user, office: Unit):
    """The office's notices the user may see (drafts only where they may issue), without
    their frozen files."""
    issued_kinds, draft_kinds = [], []
    for kind in Kind.values:
        probe = Circular(office=office, kind=kind, state=State.ISSUED)
        if policy.can(user, "circular.view", probe):
            issued_kinds.append(kind)
        if policy.can(user, "circular.issue", probe):
            draft_kinds.append(kind)
    shown_kinds = Q(kind__in=draft_kinds) | (Q(kind__in=issued_kinds) & ~Q(state=State.DRAFT))
    return (
        Circular.objects.filter(shown_kinds, office=office)
        .defer("content", "docx", "xlsx")
        .select_related("issued_by")
    )


FIELDS = ("score", "adopted", "rank")


@dataclass
class Difference:
    unit: str
    issued: dict | None  # the frozen row, None for a unit added since
    live: dict | None  # the live row, None for a unit no longer assessed

    def _changed(self, field: str) -> bool:
        return (self.issued or {}).get(field) != (self.live or {}).get(field)

    @property
    def score_changed(self) -> bool:
        return self._changed("score")

    @property
    def adopted_changed(self) -> bool:
        return self._changed("adopted")

    @property
    def rank_changed(self) -> bool:
        return self._changed("rank")


def differences(circular: Circular, live_rows: list[UnitFigures] | None = None) -> list[Difference]:
    """Units whose score, adopted count or rank differ between the issued notice and
    the live ledger now, in the issued notice's order (added units last). A caller that
    has just ranked the period passes ``live_rows`` to spare ranking it again."""
    if circular.kind not in SCORING_KINDS or circular.state == State.DRAFT or not circular.scheme:
        return []
    period = period_of(circular.kind, circular.period_start.year, circular.period_number)
    rows = ranking(circular.scheme, period).rows if live_rows is None else live_rows
    names = {row.unit.pk: row.unit.display_name for row in rows}
    live = {
        row.unit.pk: {"score": shown(row.score), "adopted": row.adopted, "rank": row.rank}
        for row in rows
    }
    found = []
    for row in circular.content.get("rows", []):
        now = live.pop(row["unit_id"], None)
        issued = {field: row[field] for field in FIELDS}
        if now != issued:
            found.append(Difference(row["unit"], issued, now))
    found += [Difference(names[pk], None, now) for pk, now in live.items()]
    return found


def drafts_to_issue(*, user):
    """Draft notices the user may issue (签发), across the offices they work at."""
    offices = Unit.objects.filter(pk__in=list(policy.roles(user).by_unit), kind=UnitKind.OFFICE)
    drafts = Circular.objects.none()
    for office in offices:
        drafts |= visible(user, office).filter(state=State.DRAFT)
    return drafts.select_related("office").order_by("period_end", "id")


def notice_issuing(user, current: notices.Notice) -> dict:
    """What the scoring notice's live page needs to issue this period's notice, or to
    point at the notice already issued for it (with the units whose figures changed
    since); ``CircularsConfig.ready()`` registers it with scoring."""
    scheme, period = current.scheme, current.period
    kind = KIND_OF_PERIOD.get(period.kind)
    # Only the scheme in force is issued; a draft scheme's notice is a what-if.
    if kind is None or scheme.status != SchemeStatus.IN_FORCE:
        return {}
    probe = Circular(office=scheme.office, kind=kind)
    issued = (
        Circular.objects.filter(
            office=scheme.office,
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            state=State.ISSUED,
        )
        .defer("docx", "xlsx")
        .first()
    )
    return {
        "kind": kind,
        "may_issue": policy.can(user, "circular.issue", probe),
        "suggested": suggest_number(
            office=scheme.office, year=timezone.localdate(clock.now()).year
        ),
        "issued": issued,
        "changed": len(differences(issued, current.table.rows)) if issued else 0,
    }
