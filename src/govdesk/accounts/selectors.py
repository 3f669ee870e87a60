"""Reads about people: pickers and the administrator's view of their accounts."""

from django.db.models import Prefetch, QuerySet

from govdesk import policy
from govdesk.accounts.models import Membership, Role, User
from govdesk.units.models import UnitKind
from govdesk.units.selectors import name_match


def users_in_units(units: QuerySet) -> QuerySet:
    """People holding any role (active or not) at one of ``units``."""
    return User.objects.filter(pk__in=Membership.objects.filter(unit__in=units).values("user"))


def users_managed_by(actor) -> QuerySet:
    """Accounts an administrator may change: not superusers, and every active role they
    hold lies in a unit the administrator manages (so no one reaches beyond their
    jurisdiction by editing a shared account)."""
    if actor.is_superuser:
        return User.objects.all()
    managed = policy.managed_units(actor)
    outside = Membership.objects.filter(is_active=True).exclude(unit__in=managed)
    return users_in_units(managed).filter(is_superuser=False).exclude(pk__in=outside.values("user"))


def user_search(query: str, *, within: QuerySet, limit: int = 20) -> QuerySet:
    """Active people with a role in ``within`` whose name, username, pinyin or initials
    contain ``query`` ('张晓', 'zhangxiao', 'zxm'), with those roles prefetched."""
    roles = Membership.objects.filter(is_active=True, unit__in=within).select_related("unit")
    qs = User.objects.filter(is_active=True, pk__in=roles.values("user"))
    if query.strip():
        qs = qs.filter(name_match(query, "full_name", "username"))
    visible_roles = Prefetch("memberships", queryset=roles, to_attr="visible_roles")
    return qs.order_by("name_pinyin", "pk").prefetch_related(visible_roles)[:limit]


def never_signed_in(*, actor) -> QuerySet:
    """Active accounts the administrator manages that have never been used to sign in."""
    return (
        users_managed_by(actor)
        .filter(is_active=True, last_login__isnull=True)
        .order_by("date_joined", "id")
    )


def without_officer(units: QuerySet) -> QuerySet:
    """Active reporting units among ``units`` where no one is an active 信息员 (offices,
    whose desk writes their own items, are not counted)."""
    officers = Membership.objects.filter(role=Role.OFFICER, is_active=True, user__is_active=True)
    return (
        units.filter(is_active=True)
        .exclude(kind=UnitKind.OFFICE)
        .exclude(pk__in=officers.values("unit"))
        .order_by("path")
    )
