"""Reads for issues: lists with unread marks, the items an issue can take, receipts."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, Subquery

from govdesk import policy
from govdesk.accounts.models import Membership, Role
from govdesk.bulletins.models import Issue, IssueEntry, IssueRead, IssueState
from govdesk.items.models import Item, State
from govdesk.lib import clock
from govdesk.publications.models import Adoption
from govdesk.units.models import Unit


def issue_list(*, viewer, q: str = "", released_only: bool = False):
    """Issues the viewer may open, newest first, each with ``unread`` set."""
    qs = policy.visible_issues(viewer)
    if released_only:
        qs = qs.filter(state=IssueState.RELEASED)
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(entries__title__icontains=q) | Q(entries__body__icontains=q)
        ).distinct()
    read = IssueRead.objects.filter(issue=OuterRef("pk"), user=viewer)
    return qs.annotate(read=Exists(read)).order_by("-released_at", "-created_at", "-id")


def pick_list(
    issue: Issue,
    *,
    q: str = "",
    column=None,
    unit=None,
    start=None,
    end=None,
    include_used: bool = False,
):
    """Items adopted into the issue's publication, newest adoption first, for the pick
    list: by default only those no (unvoided) issue of the publication holds yet; each
    carries ``adoption`` (this publication's) and ``used`` (already in an issue)."""
    publication = issue.publication
    adopted = Adoption.objects.filter(item=OuterRef("pk"), publication=publication)
    in_issue = IssueEntry.objects.filter(
        items=OuterRef("pk"), issue__publication=publication
    ).exclude(issue__state=IssueState.VOIDED)
    here = Q(adoptions__publication=publication)
    if column is not None:
        here &= Q(adoptions__column=column)
    if start is not None:
        here &= Q(adoptions__adopted_at__gte=clock.midnight(start))
    if end is not None:
        here &= Q(adoptions__adopted_at__lt=clock.midnight(end + timedelta(days=1)))
    qs = Item.objects.filter(here, state=State.ADOPTED).annotate(
        used=Exists(in_issue),
        adopted_at=Subquery(adopted.values("adopted_at")[:1]),
        column_name=Subquery(adopted.values("column__name")[:1]),
    )
    if not include_used:
        qs = qs.filter(used=False)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return qs.select_related("unit").order_by("-adopted_at", "-id")


def pick_units(issue: Issue):
    """Units with an item adopted into the issue's publication (the unit filter)."""
    return (
        Unit.objects.filter(
            items__adoptions__publication=issue.publication, items__state=State.ADOPTED
        )
        .distinct()
        .order_by("path")
    )


def read_receipts(issue: Issue) -> list[dict]:
    """Each line of the distribution list with when (and by whom) it was first read."""
    reads = {r.user_id: r for r in issue.reads.select_related("user").order_by("read_at")}
    rows = []
    for recipient in issue.recipients.select_related("user", "unit"):
        if recipient.user_id:
            readers = [reads[recipient.user_id]] if recipient.user_id in reads else []
        else:
            members = set(
                Membership.objects.filter(unit=recipient.unit, is_active=True).values_list(
                    "user_id", flat=True
                )
            )
            readers = [r for uid, r in reads.items() if uid in members]
        first = min(readers, key=lambda r: r.read_at, default=None)
        rows.append({"recipient": recipient, "read": first})
    return rows


def unread_issues(*, viewer):
    """Released issues the viewer may open and has not opened yet (the leader's 工作台)."""
    return issue_list(viewer=viewer, released_only=True).filter(read=False)


def issues_to_sign(*, viewer):
    """Issues waiting for the viewer as chief editor: assembled ones to sign (签发) and
    signed ones to release (印发)."""
    offices = policy.roles(viewer).units_with(Role.CHIEF)
    waiting = Q(state=IssueState.SIGNED) | Q(state=IssueState.DRAFT, entries__isnull=False)
    return (
        Issue.objects.filter(waiting, publication__office_id__in=offices)
        .select_related("publication")
        .distinct()
        .order_by("state", "created_at", "id")
    )
