"""Permission checks for annotations and supervision, shaped like ``govdesk.policy``'s
registry (a function of the role map and the object); they should move into policy.py."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.annotations.models import SupervisionTask

FEEDBACK_ROLES = policy.WRITER_ROLES | policy.SIGNER_ROLES


def leader_level(user, item) -> int | None:
    """The level a leader annotates ``item`` at: their leadership of its office, else
    their highest leadership anywhere; None if they may not annotate it."""
    r = policy.roles(user)
    if not r.leader_levels or not policy.can(user, "item.view", item):
        return None
    return r.leader_levels.get(item.office_id) or max(r.leader_levels.values())


def can_enter_on_behalf(user, item) -> bool:
    return policy.can(user, "office.desk", item.office)


def _task_view(r: policy.RoleMap, task: SupervisionTask) -> bool:
    return r.has(task.office_id, policy.DESK_ROLES) or bool(r.by_unit.get(task.unit_id))


def _task_feedback(r: policy.RoleMap, task: SupervisionTask) -> bool:
    return r.has(task.unit_id, FEEDBACK_ROLES)


def _task_close(r: policy.RoleMap, task: SupervisionTask) -> bool:
    return r.has(task.office_id, policy.DESK_ROLES)


CHECKS = {"task.view": _task_view, "task.feedback": _task_feedback, "task.close": _task_close}


def can(user, permission: str, task: SupervisionTask) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    r = policy.roles(user)
    return r.superuser or CHECKS[permission](r, task)


def require(user, permission: str, task: SupervisionTask) -> None:
    if not can(user, "task.view", task):
        raise Http404
    if not can(user, permission, task):
        raise PermissionDenied("您没有执行此操作的权限。")


def visible_tasks(user):
    qs = SupervisionTask.objects.select_related("annotation__item", "unit", "office")
    r = policy.roles(user)
    if r.superuser:
        return qs
    return qs.filter(
        Q(office_id__in=r.units_with(policy.DESK_ROLES)) | Q(unit_id__in=list(r.by_unit))
    )


def is_leader(user) -> bool:
    return Role.LEADER in policy.roles(user).all_roles()
