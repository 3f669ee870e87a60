from django.conf import settings
from django.urls import reverse

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.emergencies import rules as emergency_rules
from govdesk.items import selectors
from govdesk.notifications.selectors import unread_count


def todo_for(request) -> dict[str, int]:
    """The signed-in user's to-do counts, computed once per request (nav and dashboard)."""
    if not hasattr(request, "_govdesk_todo"):
        request._govdesk_todo = selectors.todo_counts(request.user)
    return request._govdesk_todo


def navigation(request):
    """Side navigation and to-do counts for the signed-in user's roles."""
    # Not "site_name": Django's auth views set that to the request's host.
    context = {"brand_name": settings.GOVDESK_SITE_NAME}
    user = request.user
    if not user.is_authenticated or getattr(user, "must_change_password", False):
        return context
    held = policy.roles(user).all_roles()
    todo = todo_for(request)
    entries = [("web:dashboard", "工作台", None), ("search:search", "信息检索", None)]
    if held & policy.WRITER_ROLES:
        entries += [("items:new", "起草信息", None), ("items:mine", "本单位信息", todo["returned"])]
        entries.append(("emergencies:new", "报送紧急信息", None))
    if held & policy.SIGNER_ROLES:
        entries.append(("items:review", "待审核签发", todo["to_sign"]))
    if held & policy.DESK_ROLES:
        entries.append(("items:desk", "采编工作台", todo["to_decide"]))
        entries.append(("search:similar_home", "相似信息", None))
    if held & {Role.LEADER}:
        entries.append(("items:adopted", "采用信息", None))
    if held & emergency_rules.WATCH_ROLES or user.is_superuser:
        entries.append(("emergencies:board", "紧急信息值守", None))
    if held & (policy.WRITER_ROLES | {Role.DUTY, Role.ADMIN, Role.CHIEF}) or user.is_superuser:
        entries.append(("emergencies:duty", "值班", None))
    entries.append(("bulletins:list", "刊物", None))
    if held & (policy.WRITER_ROLES | policy.SIGNER_ROLES | policy.DESK_ROLES):
        entries += [("annotations:tasks", "批示督办", None), ("solicitations:list", "约稿", None)]
    entries.append(("notifications:list", "消息", unread_count(user)))
    if held or user.is_superuser:
        entries.append(("scoring:index", "计分考核", None))
    # The same roles that make policy.office_units / managed_units non-empty.
    if held & (policy.DESK_ROLES | {Role.ADMIN}) or user.is_superuser:
        entries.append(("units:list", "单位", None))
    if Role.ADMIN in held or user.is_superuser:
        entries.append(("accounts:issue", "批量开通账号", None))
    if user.is_staff:
        entries.append(("admin:index", "配置管理", None))
    path = request.path
    urls = [(reverse(name), label, count) for name, label, count in entries]
    # The entry whose URL is the longest prefix of this page is the active one.
    matches = [url for url, _, _ in urls if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    nav_entries = [
        {"url": url, "label": label, "count": count, "active": url == current}
        for url, label, count in urls
    ]
    labels = [label for value, label in Role.choices if value in held]
    context["nav"] = {"entries": nav_entries, "role_labels": "、".join(labels)}
    return context
