"""The one permission policy: who may see and do what, for their own unit, the units
reporting to their office, and everyone else.

Checks are named functions in a registry (``"item.adopt"`` -> ``_item_decide``).
Views, the API and the admin all ask ``can``/``require``/``visible_items``; nothing
else decides access. Workflow legality (is this item in a state that allows the
action?) lives in ``govdesk.items.workflow``; this module only answers "is this
person entitled to act on this object at all".
"""

from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from govdesk.accounts.models import Membership, Role
from govdesk.items.models import Item, State
from govdesk.units.models import Unit

# Roles that write items for a unit. An office's editors write the office's own items
# (including the copies it forwards upward).
WRITER_ROLES = {Role.OFFICER, Role.EDITOR, Role.CHIEF}
SIGNER_ROLES = {Role.REVIEWER, Role.CHIEF}
DESK_ROLES = {Role.EDITOR, Role.CHIEF}


class RoleMap:
    """A user's active roles, by unit id, loaded once per request."""

    def __init__(self, user):
        self.by_unit: dict[int, set[str]] = defaultdict(set)
        self.leader_levels: dict[int, int] = {}
        self.superuser = bool(getattr(user, "is_superuser", False))
        if not getattr(user, "is_authenticated", False):
            return
        for m in Membership.objects.filter(user=user, is_active=True, unit__is_active=True):
            self.by_unit[m.unit_id].add(m.role)
            if m.role == Role.LEADER and m.leader_level:
                self.leader_levels[m.unit_id] = m.leader_level

    def has(self, unit_id: int | None, roles: set[str] | str) -> bool:
        wanted = {roles} if isinstance(roles, str) else roles
        return bool(self.by_unit.get(unit_id, set()) & wanted)

    def units_with(self, roles: set[str] | str) -> list[int]:
        wanted = {roles} if isinstance(roles, str) else roles
        return [unit_id for unit_id, held in self.by_unit.items() if held & wanted]

    def all_roles(self) -> set[str]:
        return set().union(*self.by_unit.values()) if self.by_unit else set()


def roles(user) -> RoleMap:
    cached = getattr(user, "_govdesk_roles", None)
    if cached is None:
        cached = RoleMap(user)
        if getattr(user, "is_authenticated", False):
            user._govdesk_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached role map after memberships change."""
    user.__dict__.pop("_govdesk_roles", None)


# --- items -----------------------------------------------------------------------


def _item_view(r: RoleMap, item: Item) -> bool:
    if r.has(item.unit_id, WRITER_ROLES | SIGNER_ROLES):
        return True
    if r.has(item.office_id, DESK_ROLES) and item.submission_count > 0:
        return True
    return r.has(item.office_id, Role.LEADER) and item.state == State.ADOPTED


def _item_write(r: RoleMap, item: Item) -> bool:
    return r.has(item.unit_id, WRITER_ROLES)


def _item_sign(r: RoleMap, item: Item) -> bool:
    return r.has(item.unit_id, SIGNER_ROLES)


def _item_decide(r: RoleMap, item: Item) -> bool:
    # An office decides only on what reached it; drafts stay the unit's business.
    return r.has(item.office_id, DESK_ROLES) and item.submission_count > 0


def _item_edit(r: RoleMap, item: Item) -> bool:
    """Whoever holds the item in its current state may change its text."""
    if item.state in (State.DRAFT, State.RETURNED):
        return _item_write(r, item)
    if item.state == State.PENDING_SIGNOFF:
        return _item_sign(r, item)
    return _item_decide(r, item)


def _item_forward(r: RoleMap, item: Item) -> bool:
    office = item.office
    return _item_decide(r, item) and office.superior_office() is not None


def _unit_write_items(r: RoleMap, unit: Unit) -> bool:
    return r.has(unit.pk, WRITER_ROLES) and unit.superior_office() is not None


def _unit_manage(r: RoleMap, unit: Unit) -> bool:
    """Administrators manage their office and every unit under it."""
    return any(
        r.has(ancestor.pk, Role.ADMIN) for ancestor in [unit, *Unit.objects.get_ancestors(unit)]
    )


def _office_desk(r: RoleMap, office: Unit) -> bool:
    return office.is_office and r.has(office.pk, DESK_ROLES)


def _scores_view_office(r: RoleMap, office: Unit) -> bool:
    """The ranking and every unit's ledger: the office's desk and its administrators."""
    return _office_desk(r, office) or _unit_manage(r, office)


def _scores_view_unit(r: RoleMap, unit: Unit) -> bool:
    """A unit's ledger: its own people, and whoever sees its office's scores."""
    office = unit.superior_office()
    return unit.pk in r.by_unit or (office is not None and _scores_view_office(r, office))


CHECKS: dict[str, Callable[[RoleMap, object], bool]] = {
    "item.view": _item_view,
    "item.edit": _item_edit,
    "item.attach": _item_edit,
    "item.submit": _item_write,
    "item.withdraw": _item_write,
    "item.sign_off": _item_sign,
    "item.reviewer_return": _item_sign,
    "item.return": _item_decide,
    "item.adopt": _item_decide,
    "item.reject": _item_decide,
    "item.forward": _item_forward,
    "unit.write_items": _unit_write_items,
    "unit.manage": _unit_manage,
    "office.desk": _office_desk,
    "scores.view_office": _scores_view_office,
    "scores.view_unit": _scores_view_unit,
}


def can(user, permission: str, obj) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    r = roles(user)
    if r.superuser:
        return True
    return CHECKS[permission](r, obj)


def require(user, permission: str, obj, *, view_permission: str | None = "item.view") -> None:
    """Raise 404 if the user may not even see ``obj``, 403 if they see it but may not act."""
    if view_permission and permission != view_permission and not can(user, view_permission, obj):
        raise Http404
    if not can(user, permission, obj):
        if permission == view_permission:
            raise Http404
        raise PermissionDenied("您没有执行此操作的权限。")


def visible_items(user) -> QuerySet:
    """Every item the user may see; the same filter as ``_item_view``, as a query."""
    qs = Item.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    r = roles(user)
    if r.superuser:
        return qs
    condition = Q(unit_id__in=r.units_with(WRITER_ROLES | SIGNER_ROLES))
    condition |= Q(office_id__in=r.units_with(DESK_ROLES), submission_count__gt=0)
    condition |= Q(office_id__in=r.units_with(Role.LEADER), state=State.ADOPTED)
    return qs.filter(condition)


def managed_units(user) -> QuerySet:
    """Units an administrator may configure: their offices' whole subtrees."""
    r = roles(user)
    if r.superuser:
        return Unit.objects.all()
    condition = Q(pk__in=[])
    for unit in Unit.objects.filter(pk__in=r.units_with(Role.ADMIN)):
        condition |= Q(path__startswith=unit.path)
    return Unit.objects.filter(condition)


def configurable_units(user) -> QuerySet:
    """Units whose configuration (publications, columns) the user may change: an
    administrator's subtrees, and the offices where the user is chief editor."""
    r = roles(user)
    if r.superuser:
        return Unit.objects.all()
    chief_of = Unit.objects.filter(pk__in=r.units_with(Role.CHIEF), kind="office")
    return Unit.objects.filter(
        Q(pk__in=managed_units(user).values("pk")) | Q(pk__in=chief_of.values("pk"))
    )


def _subtrees(offices) -> Q:
    condition = Q(pk__in=[])
    for office in offices:
        condition |= Q(path__startswith=office.path)
    return condition


def office_units(user) -> QuerySet:
    """The trees of the offices where the user administers, edits or chief-edits:
    each such office and every unit under it."""
    condition = _subtrees(desk_offices(user))
    return Unit.objects.filter(condition | Q(pk__in=managed_units(user).values("pk")))


def visible_units(user) -> QuerySet:
    """Units whose names and people the user may look up: their own units and the
    trees of their offices (see ``office_units``)."""
    own = list(roles(user).by_unit)
    return Unit.objects.filter(Q(pk__in=own) | Q(pk__in=office_units(user).values("pk")))


def desk_offices(user) -> QuerySet:
    """Offices where the user works as editor or chief editor."""
    r = roles(user)
    qs = Unit.objects.filter(kind="office")
    return qs if r.superuser else qs.filter(pk__in=r.units_with(DESK_ROLES))


def writer_units(user) -> QuerySet:
    """Units the user may write items for: the query form of ``unit.write_items``.
    Top-level units (depth 1) are offices with no superior to send to."""
    r = roles(user)
    qs = Unit.objects.filter(is_active=True)
    return qs.filter(pk__in=r.units_with(WRITER_ROLES)).exclude(depth=1)
