"""Reads: every list starts from ``policy.visible_items`` so no list can leak."""

from django.db.models import Q, QuerySet

from govdesk import policy
from govdesk.items.models import Item, State
from govdesk.items.workflow import (
    TRANSITIONS,
    Transition,
    TransitionError,
    check_reopen_year,
    is_report_first,
)
from govdesk.lib import clock
from govdesk.units.models import Unit


def item_list(*, viewer, filters: dict | None = None) -> QuerySet:
    qs = policy.visible_items(viewer).select_related("unit", "office", "created_by")
    return apply_filters(qs, filters or {})


def apply_filters(qs: QuerySet, filters: dict) -> QuerySet:
    if filters.get("unit"):
        qs = qs.filter(unit=filters["unit"])
    if filters.get("office"):
        qs = qs.filter(office=filters["office"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("urgency"):
        qs = qs.filter(urgency=filters["urgency"])
    if filters.get("state") not in (None, "", "all"):
        qs = qs.filter(state=filters["state"])
    if filters.get("date_from"):
        qs = qs.filter(last_submitted_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(last_submitted_at__date__lte=filters["date_to"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(title__icontains=q) | Q(unit__name__icontains=q) | Q(writer__icontains=q))
    return qs


def mine(*, viewer) -> QuerySet:
    """Items of the units the viewer writes for (their own unit's workspace)."""
    unit_ids = policy.roles(viewer).units_with(policy.WRITER_ROLES)
    return item_list(viewer=viewer).filter(unit_id__in=unit_ids)


def review_queue(*, viewer) -> QuerySet:
    unit_ids = policy.roles(viewer).units_with(policy.SIGNER_ROLES)
    return (
        item_list(viewer=viewer)
        .filter(unit_id__in=unit_ids, state=State.PENDING_SIGNOFF)
        .order_by("urgency", "updated_at")
    )


def desk_queue(*, viewer, filters: dict | None = None) -> QuerySet:
    """Items at the viewer's offices; by default those awaiting a decision, oldest first."""
    office_ids = policy.roles(viewer).units_with(policy.DESK_ROLES)
    qs = item_list(viewer=viewer, filters=filters).filter(office_id__in=office_ids)
    if not filters or filters.get("state") in (None, ""):
        qs = qs.filter(state__in=(State.SUBMITTED, State.RESUBMITTED))
    return qs.order_by("urgency", "last_submitted_at", "id")


def desk_units(offices) -> QuerySet:
    """Units reporting directly to any of ``offices`` (the desk's unit filter)."""
    condition = Q(pk__in=[])
    for office in offices:
        condition |= Q(path__startswith=office.path, depth=office.depth + 1)
    return Unit.objects.filter(condition).order_by("kind", "name")


def returned_items(*, viewer) -> QuerySet:
    return mine(viewer=viewer).filter(state=State.RETURNED).order_by("-updated_at")


def adopted_items(*, viewer) -> QuerySet:
    office_ids = policy.roles(viewer).units_with("leader")
    return (
        item_list(viewer=viewer)
        .filter(office_id__in=office_ids, state=State.ADOPTED)
        .order_by("-decided_at", "-id")
    )


def _reopenable(item: Item) -> bool:
    try:
        check_reopen_year(item.decided_at, clock.now())
    except TransitionError:
        return False
    return True


def available_actions(item: Item, viewer) -> list[Transition]:
    """What ``viewer`` may do to ``item`` now: a hint for pages and the API; the services
    check everything again when the action is taken."""
    return [
        t
        for t in TRANSITIONS.values()
        if item.state in t.sources
        and policy.can(viewer, t.permission, item)
        # An emergency has reached the office already; it cannot be taken back.
        and not (t.action == "withdraw" and is_report_first(item.kind))
        # 不予采用 of a closed assessment year stands.
        and not (t.action == "reopen" and not _reopenable(item))
        # Last, so that only an item the viewer could forward costs the query.
        and not (t.action == "forward" and Item.objects.filter(forwarded_from=item).exists())
    ]


def todo_counts(viewer) -> dict[str, int]:
    return {
        "returned": returned_items(viewer=viewer).count(),
        "to_sign": review_queue(viewer=viewer).count(),
        "to_decide": desk_queue(viewer=viewer).count(),
    }
