"""Who may do what with emergencies and duty, from the roles in ``govdesk.policy``.

These checks belong in ``policy.CHECKS`` (see docs/emergencies.md); until they are
moved there they live here, reading only ``policy.roles``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.units.models import Unit

WATCH_ROLES = {Role.DUTY, Role.LEADER, Role.EDITOR, Role.CHIEF}
CALL_ROLES = {Role.DUTY, Role.CHIEF}


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def watched_offices(user) -> QuerySet:
    """Offices whose emergency board the user watches: duty, leaders, editors."""
    qs = Unit.objects.filter(kind="office")
    if not _active(user):
        return qs.none()
    r = policy.roles(user)
    return qs if r.superuser else qs.filter(pk__in=r.units_with(WATCH_ROLES))


def can_watch(user, office) -> bool:
    return watched_offices(user).filter(pk=office.pk).exists()


def can_take_calls(user, office) -> bool:
    """Phone pre-reports, daily reporting, spot checks: the office's duty officers."""
    if not _active(user):
        return False
    r = policy.roles(user)
    return r.superuser or r.has(office.pk, CALL_ROLES)


def call_offices(user) -> list[Unit]:
    return [o for o in watched_offices(user) if can_take_calls(user, o)]


def can_view_event(user, event) -> bool:
    if not _active(user):
        return False
    r = policy.roles(user)
    own_unit = r.has(event.unit_id, policy.WRITER_ROLES | policy.SIGNER_ROLES)
    return own_unit or can_watch(user, event.office)


def require_view_event(user, event) -> None:
    if not can_view_event(user, event):
        raise Http404


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("您没有执行此操作的权限。")


def can_keep_roster(user, unit) -> bool:
    """A unit's own staff keep its duty roster; the duty office may too."""
    if not _active(user):
        return False
    r = policy.roles(user)
    own = r.has(unit.pk, policy.WRITER_ROLES | {Role.DUTY, Role.ADMIN})
    office = unit if unit.is_office else unit.superior_office()
    return r.superuser or own or (office is not None and can_take_calls(user, office))


def roster_units(user) -> QuerySet:
    """Units whose roster the user keeps or checks."""
    r = policy.roles(user)
    if r.superuser:
        return Unit.objects.filter(is_active=True)
    own = r.units_with(policy.WRITER_ROLES | {Role.DUTY, Role.ADMIN})
    offices = r.units_with(CALL_ROLES)
    children = [
        c.pk for o in Unit.objects.filter(pk__in=offices) for c in Unit.objects.get_children(o)
    ]
    return Unit.objects.filter(pk__in=[*own, *offices, *children], is_active=True)
