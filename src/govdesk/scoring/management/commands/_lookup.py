"""Name lookups shared by the scoring commands."""

from django.core.management.base import CommandError

from govdesk.accounts.models import User
from govdesk.units.models import Unit, UnitKind


def office_named(name: str) -> Unit:
    offices = Unit.objects.filter(kind=UnitKind.OFFICE, name=name)
    if not offices:
        offices = Unit.objects.filter(kind=UnitKind.OFFICE, short_name=name)
    if len(offices) != 1:
        known = "、".join(Unit.objects.filter(kind=UnitKind.OFFICE).values_list("name", flat=True))
        reason = "找到多个同名办公室" if offices else "没有找到该办公室"
        raise CommandError(f"{reason}：{name}。现有办公室：{known or '（无）'}")
    return offices[0]


def user_named(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"没有用户名为 {username} 的用户。")
    return user
