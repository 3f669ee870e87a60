"""/api/security and /api/audit: the 三员分立 duties, for the same people as the pages.
The security administrator (安全管理员) unlocks locked user names and resets two-factor
devices of the people of their offices (``account.unlock``, ``account.reset_otp``);
the audit administrator (审计员) reads the change log (``audit.read``), which no
endpoint can change. Everyone else gets 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from govdesk import policy
from govdesk.accounts import security as accounts
from govdesk.api.pagination import Pagination
from govdesk.api.security_schemas import (
    ChangeFilters,
    LockedOut,
    LogEntryOut,
    OtpResetOut,
    SecuredFilters,
    SecuredPersonOut,
    UnlockedOut,
    UnlockIn,
)
from govdesk.audit.selectors import changes_for

security = Router(tags=["安全管理"])
audit = Router(tags=["审计"])

SECURITY_ONLY = "只有安全管理员可以解除锁定和重置动态口令。"
AUDITORS_ONLY = "只有审计员可以查阅变更记录。"
PERSON_NOT_FOUND = "人员不存在，或不在您负责安全管理的单位。"


def _security_admin(user) -> None:
    if not policy.can(user, "account.unlock", None):
        raise PermissionDenied(SECURITY_ONLY)


@security.get(
    "/locked",
    response=list[LockedOut],
    summary="被锁定的用户名",
    description="连续登录失败而锁定、由本人负责解锁的用户名（安全管理员）。",
)
def locked_list(request):
    _security_admin(request.auth)
    return [{"username": name} for name in accounts.locked_usernames(viewer=request.auth)]


@security.post(
    "/unlock",
    response=UnlockedOut,
    summary="解除登录锁定",
    description="清除该用户名的登录失败记录，可立即重新登录；账号须在本人负责的单位。",
)
def account_unlock(request, payload: UnlockIn):
    _security_admin(request.auth)
    cleared = accounts.account_unlock(actor=request.auth, username=payload.username)
    return {"username": payload.username, "attempts_cleared": cleared}


@security.get(
    "/people",
    response=list[SecuredPersonOut],
    summary="可重置动态口令的人员",
    description="在本人负责安全管理的单位中担任角色的人员，及其是否已绑定动态口令设备。",
)
@paginate(Pagination)
def secured_people(request, filters: Query[SecuredFilters]):
    _security_admin(request.auth)
    return accounts.secured_accounts(viewer=request.auth, q=filters.q)


@security.post(
    "/people/{person_id}/reset-otp",
    response=OtpResetOut,
    summary="重置动态口令设备",
    description="删除其动态口令设备（手机丢失或更换），其下次登录时重新绑定。",
)
def otp_reset(request, person_id: int):
    _security_admin(request.auth)
    person = accounts.secured_accounts(viewer=request.auth).filter(pk=person_id).first()
    if person is None:
        raise Http404(PERSON_NOT_FOUND)
    removed = accounts.otp_reset(actor=request.auth, user=person)
    return {"person": person, "devices_removed": removed}


@audit.get(
    "/changes",
    response=list[LogEntryOut],
    summary="变更记录",
    description=(
        "审计员查阅本人所在办公室的人员所做的操作，以及未登录和系统的记录，新的在前；"
        "可按操作人、操作类别和日期筛选。变更记录只能追加，没有任何接口可以修改或删除。"
    ),
)
@paginate(Pagination)
def change_list(request, filters: Query[ChangeFilters]):
    if not policy.can(request.auth, "audit.read", None):
        raise PermissionDenied(AUDITORS_ONLY)
    return changes_for(viewer=request.auth, **filters.model_dump(exclude_none=True))
