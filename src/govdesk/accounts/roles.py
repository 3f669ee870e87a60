"""Rules about which role a person may hold where, shared by the services, the
issuance sheet and the admin forms."""

from govdesk.accounts.models import Role
from govdesk.units.models import UnitKind

# Roles that only mean something at an office (the policy checks them against the office).
OFFICE_ROLES = {
    Role.EDITOR,
    Role.CHIEF,
    Role.LEADER,
    Role.ADMIN,
    Role.SECURITY,
    Role.AUDITOR,
    Role.PORTAL_EDITOR,
}
# 三员分立: one person holds at most one of the system, security and audit duties.
SEPARATED_ROLES = (Role.ADMIN, Role.SECURITY, Role.AUDITOR)


def duty_conflict(*, held: set[str], role: str) -> str | None:
    """Why a person holding ``held`` may not also take ``role``, or None."""
    if role not in SEPARATED_ROLES:
        return None
    other = next((r for r in SEPARATED_ROLES if r != role and r in held), None)
    if other is None:
        return None
    return (
        f"系统管理员、安全管理员、安全审计员须由不同的人担任（三员分立）："
        f"此人已是“{Role(other).label}”，不能再担任“{Role(role).label}”。"
    )


def credential_problem(*, actor, user) -> str | None:
    """Why ``actor`` may not learn a password or token of ``user``, or None: under 三员分立
    the system administrator must not be able to act as the security or audit
    administrator, so their new passwords go only to their own mailbox."""
    if actor is None or actor.is_superuser or actor == user:
        return None
    held = set(user.memberships.filter(is_active=True).values_list("role", flat=True))
    duty = next((r for r in (Role.SECURITY, Role.AUDITOR) if r in held), None)
    if duty is None:
        return None
    return (
        f"“{user.full_name or user.username}”是{Role(duty).label}（三员分立）："
        "其新密码只能发到本人邮箱，接口令牌只能由本人或超级管理员签发。"
    )


def membership_problem(*, unit, role: str, leader_level: int | None) -> str | None:
    """Why this role cannot be held at this unit, in words for the person fixing it.

    ``unit`` may be a unit still to be created: anything with ``name`` and ``kind``.
    """
    if role == Role.LEADER and not leader_level:
        return "“领导”角色须填写领导层级（县级、市级、省级或国家级）。"
    if role in OFFICE_ROLES and unit.kind != UnitKind.OFFICE:
        return f"“{Role(role).label}”角色只能设在政府办公室，“{unit.name}”不是政府办公室。"
    return None
