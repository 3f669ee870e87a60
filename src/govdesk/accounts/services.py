"""Accounts and roles: every write to a person or to a role goes through these functions,
whether it comes from a page, the Django admin, a command or the demo loader.

``actor=None`` means the system itself (fixtures, the demo loader) and skips the
permission checks; everyone else must manage the units involved (``unit.manage``).
"""

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from govdesk import policy
from govdesk.accounts import issuance
from govdesk.accounts.credentials import new_credential, send_credentials
from govdesk.accounts.models import IssueBatch, Membership, Role, User
from govdesk.accounts.roles import credential_problem, duty_conflict, membership_problem
from govdesk.audit.services import model_diff, record
from govdesk.units.models import Unit, UnitKind
from govdesk.units.services import unit_create

# Fields an administrator may change on an account; is_superuser only by a superuser.
USER_FIELDS = ("username", "full_name", "email", "phone", "is_active", "is_superuser")


def user_set_own_password(*, user: User, password: str) -> None:
    user.set_password(password)  # hashed before the write transaction (see new_credential)
    with transaction.atomic():
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        record(actor=user, action="account.password_changed", target=user, summary="修改本人密码")


# --- permission helpers ------------------------------------------------------------


def _require_administrator(actor) -> None:
    if actor is not None and not policy.managed_units(actor).exists():
        raise PermissionDenied("只有管理员可以开通账号。")


def _require_manage_user(actor, user: User) -> None:
    """Changing an account is changing every role it holds: all must be the actor's."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if user.is_superuser:
        raise PermissionDenied("您无权修改系统超级管理员的账号。")
    units = Unit.objects.filter(memberships__user=user, memberships__is_active=True).distinct()
    if not units:
        _require_administrator(actor)
    for unit in units:
        policy.require_of(actor, "unit.manage", unit, f"您无权管理“{unit.name}”的人员和配置。")


# --- accounts ----------------------------------------------------------------------


def _new_account(
    *,
    actor,
    credential: tuple[str, str],
    username: str,
    full_name: str,
    email: str,
    phone: str = "",
    via: str,
    **details,
) -> tuple[User, str]:
    """``credential``: from ``new_credential``, made before the transaction."""
    password, hashed = credential
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        password=hashed,
        must_change_password=True,
    )
    user.full_clean()
    user.save()
    record(
        actor=actor,
        action="account.created",
        target=user,
        summary=f"{via}开通账号“{username}”（{full_name}）",
        email=email,
        **details,
    )
    return user, password


def _mail_on_commit(pairs: list[tuple[User, str]], *, reason: str) -> None:
    # After commit: an e-mail must never announce an account that was rolled back.
    transaction.on_commit(partial(send_credentials, pairs, reason=reason))


def user_create(*, actor, username: str, full_name: str, email: str, phone: str = "") -> User:
    """Open one account with a random password, e-mailed to its owner after commit."""
    _require_administrator(actor)
    if not email:
        raise ValidationError({"email": "请填写邮箱：初始密码将通过邮件发送。"})
    credential = new_credential()
    with transaction.atomic():
        user, password = _new_account(
            actor=actor,
            credential=credential,
            username=username,
            full_name=full_name,
            email=email,
            phone=phone,
            via="",
        )
        _mail_on_commit([(user, password)], reason="开通")
    return user


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"不能通过 user_update 修改：{', '.join(sorted(unknown))}")
    _require_manage_user(actor, user)
    if "is_superuser" in fields and actor is not None and not actor.is_superuser:
        raise PermissionDenied("只有超级管理员可以设置超级管理员。")
    before = {name: getattr(user, name) for name in fields}
    for name, value in fields.items():
        setattr(user, name, value)
    changes = model_diff(before, fields)
    if not changes:
        return user
    user.full_clean()
    user.save()
    record(
        actor=actor,
        action="account.changed",
        target=user,
        summary=f"修改账号“{user.username}”（{user.full_name}）：{'、'.join(changes)}",
        changes=changes,
    )
    return user


def user_reset_password(*, actor, user: User, show: bool = False) -> str | None:
    """Give the user a new random password; they must change it on next login. It goes
    by e-mail, or with ``show`` is returned to be told to its owner in person (the
    caller shows it once; it is never stored in clear)."""
    _require_manage_user(actor, user)
    problem = show and credential_problem(actor=actor, user=user)
    if problem:
        raise ValidationError(problem)
    if not show and not user.email:
        raise ValidationError(f"“{user.full_name or user.username}”没有登记邮箱，无法发送新密码。")
    password, user.password = new_credential()
    with transaction.atomic():
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        record(
            actor=actor,
            action="account.password_reset",
            target=user,
            summary=f"重置“{user.username}”（{user.full_name}）的密码"
            + ("，临时密码当面告知" if show else "并邮件发送"),
        )
        if show:
            return password
        _mail_on_commit([(user, password)], reason="重置密码")
    return None


# --- memberships -------------------------------------------------------------------


@transaction.atomic
def membership_grant(
    *, actor, user: User, unit: Unit, role: str, leader_level: int | None = None, title: str = ""
) -> Membership:
    """Give ``user`` a role at ``unit`` (or bring back a revoked one, or update its level
    and title)."""
    policy.require_of(actor, "unit.manage", unit, f"您无权管理“{unit.name}”的人员和配置。")
    problem = membership_problem(unit=unit, role=role, leader_level=leader_level)
    held = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
    problem = problem or duty_conflict(held=held, role=role)
    if problem:
        raise ValidationError(problem)
    leader_level = leader_level if role == Role.LEADER else None
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user,
        unit=unit,
        role=role,
        defaults={"leader_level": leader_level, "title": title},
    )
    after = {"is_active": True, "leader_level": leader_level, "title": title}
    before = {name: getattr(membership, name) for name in after}
    changes = {} if created else model_diff(before, after)
    if changes:
        for name, value in after.items():
            setattr(membership, name, value)
        membership.save()
    policy.forget_roles(user)
    if created or changes:
        label = Role(role).label
        granted = created or "is_active" in changes
        record(
            actor=actor,
            action="membership.granted" if granted else "membership.changed",
            target=membership,
            summary=(
                f"授予{user}（{user.username}）“{unit.name}·{label}”角色"
                if granted
                else f"修改{user}（{user.username}）“{unit.name}·{label}”角色的层级或职务"
            ),
            user_id=user.pk,
            unit=unit.name,
            role=role,
            changes=changes,
        )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> Membership:
    """Take a role away. The row stays, inactive, so the history still reads right."""
    policy.require_of(
        actor, "unit.manage", membership.unit, f"您无权管理“{membership.unit.name}”的人员和配置。"
    )
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    user = membership.user
    policy.forget_roles(user)
    record(
        actor=actor,
        action="membership.revoked",
        target=membership,
        summary=f"撤销{user}（{user.username}）“{membership.unit.name}·"
        f"{membership.get_role_display()}”角色",
        user_id=user.pk,
        unit=membership.unit.name,
        role=membership.role,
    )
    return membership


# --- bulk issuance from a sheet ----------------------------------------------------


@dataclass
class IssueReport:
    """What an issuance did: either problems (and nothing was created) or a batch."""

    problems: list[issuance.Problem] = field(default_factory=list)
    batch: IssueBatch | None = None


def accounts_issue_from_sheet(*, actor, file) -> IssueReport:
    """Create the units and accounts a filled-in issuance sheet lists, all or nothing.

    Every row is checked first and every problem reported with its row number; only a
    sheet without problems changes anything. Each new person gets a random password by
    e-mail once the transaction has committed.
    """
    _require_administrator(actor)
    plan = issuance.read_plan(file, managed=policy.managed_units(actor))
    if plan.problems:
        return IssueReport(problems=plan.problems)
    credentials = [new_credential() for _ in plan.people]  # before the transaction
    try:
        batch = _carry_out(
            plan,
            actor=actor,
            credentials=credentials,
            file_name=Path(getattr(file, "name", "")).name,
        )
    except IntegrityError:
        # Someone took a username between the check and the save; nothing was kept.
        return IssueReport(
            problems=[
                issuance.Problem(None, "保存时用户名被他人同时占用，未开通任何账号，请重新上传。")
            ]
        )
    batch.refresh_from_db()
    return IssueReport(batch=batch)


@transaction.atomic
def _carry_out(
    plan: issuance.Plan, *, actor, credentials: list[tuple[str, str]], file_name: str
) -> IssueBatch:
    batch = IssueBatch.objects.create(created_by=actor, file_name=file_name[:200])
    for new in plan.units:  # in sheet order, so a new office exists before its units
        new.created = unit_create(
            actor=actor, parent=new.parent_unit, name=new.name, kind=new.kind, level=new.level
        )
        batch.units.append(
            {"name": new.name, "kind": UnitKind(new.kind).label, "parent": new.parent.name}
        )
    pairs = []
    for person, credential in zip(plan.people, credentials, strict=True):
        unit = person.target_unit
        user, password = _new_account(
            actor=actor,
            credential=credential,
            username=person.username,
            full_name=person.full_name,
            email=person.email,
            phone=person.phone,
            via="批量",
            batch=batch.pk,
            row=person.row,
        )
        for role in person.roles:
            membership_grant(
                actor=actor,
                user=user,
                unit=unit,
                role=role,
                leader_level=person.leader_level,
                title=person.title,
            )
        pairs.append((user, password))
        batch.accounts.append(
            {
                "user_id": user.pk,
                "username": user.username,
                "full_name": user.full_name,
                "email": user.email,
                "unit": unit.name,
                "roles": [Role(role).label for role in person.roles],
                "mail": IssueBatch.MAIL_PENDING,
            }
        )
    batch.save(update_fields=["units", "accounts"])
    record(
        actor=actor,
        action="account.batch_issued",
        target=batch,
        summary=f"批量开通账号 {len(pairs)} 个、新建单位 {len(plan.units)} 个（{file_name}）",
    )
    transaction.on_commit(partial(_deliver_batch, batch.pk, pairs))
    return batch


def _deliver_batch(batch_id: int, pairs: list[tuple[User, str]]) -> None:
    outcome = send_credentials(pairs, reason="开通")
    batch = IssueBatch.objects.get(pk=batch_id)
    for entry in batch.accounts:
        entry["mail"], entry["mail_note"] = outcome[entry["user_id"]]
    batch.save(update_fields=["accounts"])
