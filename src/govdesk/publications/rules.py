"""Permission checks for issues, in the shape of ``govdesk.policy`` checks (a function
of the user's role map and the object). They belong in policy.py's registry; until
they move there, ``can``/``require`` here mirror policy's so callers do not change."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.publications.models import Issue, IssueState


def _issue_edit(r: policy.RoleMap, issue: Issue) -> bool:
    return r.has(issue.publication.office_id, policy.DESK_ROLES)


def _issue_sign(r: policy.RoleMap, issue: Issue) -> bool:
    return r.has(issue.publication.office_id, Role.CHIEF)


def _issue_read(r: policy.RoleMap, issue: Issue) -> bool:
    if _issue_edit(r, issue):
        return True
    if issue.state != IssueState.RELEASED:
        return False
    if r.has(issue.publication.office_id, Role.LEADER):
        return True
    return issue.recipients.filter(Q(unit_id__in=list(r.by_unit))).exists()


CHECKS = {"issue.view": _issue_read, "issue.edit": _issue_edit, "issue.sign": _issue_sign}


def can(user, permission: str, obj) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    r = policy.roles(user)
    if r.superuser:
        return True
    if permission == "issue.view" and obj.recipients.filter(user=user).exists():
        return obj.state == IssueState.RELEASED or _issue_edit(r, obj)
    return CHECKS[permission](r, obj)


def require(user, permission: str, issue: Issue) -> None:
    """404 when the issue is not visible, 403 when visible but the action is not allowed."""
    if not can(user, "issue.view", issue):
        raise Http404
    if permission != "issue.view" and not can(user, permission, issue):
        raise PermissionDenied("您没有执行此操作的权限。")


def visible_issues(user):
    """Issues the user may open: their offices' desks see all, others released ones."""
    qs = Issue.objects.select_related("publication")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    r = policy.roles(user)
    if r.superuser:
        return qs
    released = Q(state=IssueState.RELEASED) & (
        Q(publication__office_id__in=r.units_with(Role.LEADER))
        | Q(recipients__user=user)
        | Q(recipients__unit_id__in=list(r.by_unit))
    )
    desk = Q(publication__office_id__in=r.units_with(policy.DESK_ROLES))
    return qs.filter(desk | released).distinct()
