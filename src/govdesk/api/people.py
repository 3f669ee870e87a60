"""/api/people: accounts and role grants, for administrators, as on 人员与角色. Reads
are the accounts the administrator manages (``users_managed_by``); writes call
``accounts.services`` (user_create, user_update, membership_grant, membership_revoke)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from govdesk import policy
from govdesk.accounts import services
from govdesk.accounts.models import Membership, User
from govdesk.accounts.selectors import users_managed_by
from govdesk.api.idempotent import DESCRIPTION as IDEMPOTENT
from govdesk.api.idempotent import create_once
from govdesk.api.pagination import Pagination
from govdesk.api.people_schemas import (
    MembershipIn,
    MembershipOut,
    PeopleFilters,
    PersonIn,
    PersonOut,
    PersonUpdateIn,
)
from govdesk.units.selectors import name_match

router = Router(tags=["人员与角色"])

ADMINS_ONLY = "只有管理员可以查看和管理人员。"
PERSON_NOT_FOUND = "人员不存在，或不在您管理的单位。"
UNIT_NOT_MANAGED = "单位不存在，或不在您管理的范围：{id}。"


def _managed(user):
    units = policy.managed_units(user)
    if not units.exists():
        raise PermissionDenied(ADMINS_ONLY)
    return units


def _people(user):
    units = _managed(user)
    roles = Membership.objects.filter(unit__in=units).select_related("unit").order_by("unit__path")
    return users_managed_by(user).prefetch_related(
        Prefetch("memberships", queryset=roles, to_attr="managed_roles")
    )


def _managed_unit(user, unit_id: int):
    unit = _managed(user).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": UNIT_NOT_MANAGED.format(id=unit_id)})
    return unit


def _grant(actor, person: User, unit, payload) -> Membership:
    level = int(payload.leader_level) if payload.leader_level is not None else None
    return services.membership_grant(
        actor=actor,
        user=person,
        unit=unit,
        role=payload.role,
        leader_level=level,
        title=payload.title,
    )


def managed_person(user, person_id: int) -> User:
    person = _people(user).filter(pk=person_id).first()
    if person is None:
        raise Http404(PERSON_NOT_FOUND)
    return person


@router.get(
    "",
    response=list[PersonOut],
    summary="人员列表",
    description="在本人管理的单位中担任角色的人员及其角色（管理员）。",
)
@paginate(Pagination)
def person_list(request, filters: Query[PeopleFilters]):
    people = _people(request.auth)
    if filters.q.strip():
        people = people.filter(name_match(filters.q, "full_name", "username"))
    return people.order_by("name_pinyin", "pk")


@router.get("/{person_id}", response=PersonOut, summary="人员详情", description="人员及其角色。")
def person_detail(request, person_id: int):
    return managed_person(request.auth, person_id)


@router.post(
    "",
    response={201: PersonOut},
    summary="开通账号",
    description=(
        "开通一个账号并授予第一个角色（须在本人管理的单位），随机初始密码发送到邮箱，"
        "首次登录须修改。"
        f"{IDEMPOTENT}"
    ),
)
def person_create(request, payload: PersonIn):
    unit = _managed_unit(request.auth, payload.unit_id)
    account = payload.model_dump(include={"username", "full_name", "email", "phone"})

    @transaction.atomic
    def create():
        # With its first role, so that the account lies in the administrator's units.
        person = services.user_create(actor=request.auth, **account)
        _grant(request.auth, person, unit, payload)
        return managed_person(request.auth, person.pk)

    return create_once(request, create, lambda pk: managed_person(request.auth, pk))


@router.patch(
    "/{person_id}",
    response=PersonOut,
    summary="修改人员信息或停用账号",
    description="只修改请求中给出的字段；其全部有效角色须在本人管理的单位。",
)
def person_update(request, person_id: int, payload: PersonUpdateIn):
    person = managed_person(request.auth, person_id)
    services.user_update(actor=request.auth, user=person, **payload.model_dump(exclude_none=True))
    return managed_person(request.auth, person_id)


@router.post(
    "/{person_id}/memberships",
    response={201: MembershipOut},
    summary="授予角色",
    description="在本人管理的单位授予角色（领导须填层级）；三员分立：管理员、安全管理员、审计员不能兼任。",
)
def membership_grant(request, person_id: int, payload: MembershipIn):
    person = managed_person(request.auth, person_id)
    unit = _managed_unit(request.auth, payload.unit_id)
    return Status(201, _grant(request.auth, person, unit, payload))


@router.delete(
    "/{person_id}/memberships/{membership_id}",
    response=MembershipOut,
    summary="撤销角色",
    description="角色记录保留为无效，历史仍可查。",
)
def membership_revoke(request, person_id: int, membership_id: int):
    person = managed_person(request.auth, person_id)
    membership = next((m for m in person.managed_roles if m.pk == membership_id), None)
    if membership is None:
        raise Http404("角色不存在，或不在您管理的单位。")
    return services.membership_revoke(actor=request.auth, membership=membership)
