"""Reads for issues: lists with unread marks, the items an issue can take, receipts."""

from django.db.models import Exists, OuterRef, Q

from govdesk import policy
from govdesk.accounts.models import Membership, Role, User
from govdesk.items.models import Item, State
from govdesk.publications.models import Issue, IssueRead, IssueState, Publication
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


def desk_publications(user):
    """Publications the user may assemble issues of."""
    offices = policy.desk_offices(user)
    return Publication.objects.filter(office__in=offices, is_active=True).select_related("office")


def addable_items(issue: Issue):
    """Items adopted into the issue's publication that no issue of it holds yet."""
    used = Item.objects.filter(issue_entries__issue__publication=issue.publication).exclude(
        issue_entries__issue__state=IssueState.VOIDED
    )
    return (
        Item.objects.filter(state=State.ADOPTED, adoptions__publication=issue.publication)
        .exclude(pk__in=used.values("pk"))
        .select_related("unit")
        .order_by("-decided_at", "-id")
    )


def office_leaders(office):
    """The office's leaders: the people an issue can be sent to by name."""
    return User.objects.filter(
        memberships__unit=office, memberships__role=Role.LEADER, memberships__is_active=True
    ).distinct()


def distribution_units(office):
    """Units an issue can go to: the superior office (报送) and the office's units."""
    superior = office.superior_office()
    below = Q(path__startswith=office.path) & ~Q(pk=office.pk)
    above = Q(pk=superior.pk) if superior else Q(pk__in=[])
    return Unit.objects.filter(below | above, is_active=True).order_by("depth", "path")


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
