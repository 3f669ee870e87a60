from django.conf import settings
from django.urls import reverse

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.accounts.security import login_step_pending
from govdesk.core.models import Export
from govdesk.emergencies import selectors as emergency_selectors
from govdesk.items import selectors
from govdesk.notifications.selectors import unread_count
from govdesk.web.config import CONFIG_VIEWS


def todo_for(request) -> dict[str, int]:
    """The signed-in user's to-do counts, computed once per request (nav and dashboard)."""
    if not hasattr(request, "_govdesk_todo"):
        request._govdesk_todo = selectors.todo_counts(request.user)
    return request._govdesk_todo


# (group, url name, label, the policy check that shows it, its count), in order.
# Counts take (user, to-do counts) and are computed only for shown entries.
_PAGES = [
    ("报送", "items:new", "起草信息", "page.write", None),
    ("报送", "items:mine", "本单位信息", "page.write", lambda user, todo: todo["returned"]),
    ("报送", "emergencies:new", "报送紧急信息", "page.write", None),
    ("报送", "items:review", "待审核签发", "page.sign", lambda user, todo: todo["to_sign"]),
    ("采编", "items:desk", "采编工作台", "page.desk", lambda user, todo: todo["to_decide"]),
    ("采编", "search:similar_home", "相似信息", "page.desk", None),
    ("采编", "items:adopted", "采用信息", "page.adopted", None),
    ("采编", "bulletins:list", "刊物", None, None),
    ("采编", "annotations:tasks", "批示督办", "page.tasks", None),
    ("采编", "solicitations:list", "约稿", "page.tasks", None),
    (
        "应急值守",
        "emergencies:board",
        "紧急信息值守",
        "page.emergency_board",
        lambda user, todo: emergency_selectors.my_alerts(user=user).count(),
    ),
    ("应急值守", "emergencies:duty", "值班", "page.duty", None),
    ("考核", "scoring:index", "计分考核", "page.scoring", None),
    ("考核", "circulars:index", "通报", "page.circulars", None),
    ("考核", "awards:index", "评先评优", "page.awards", None),
    ("考核", "scoring:schemes", "考核方案与规则", "page.office_settings", None),
    ("门户网站", "portal:desk", "网站发布", "page.portal", None),
    ("管理", "units:list", "单位", "page.units", None),
    ("管理", "accounts:issue", "批量开通账号", "page.issue_accounts", None),
    ("管理", "records:import", "往年台账导入", "page.records", None),
    ("管理", "publications:list", "刊物与栏目", "page.office_settings", None),
    ("管理", "web:config", "配置管理", "page.config", None),
    ("安全", "accounts:security", "账号安全", "page.security", None),
    ("安全", "accounts:audit_log", "操作日志", "audit.read", None),
]


def _entries(user, todo) -> list[tuple[str, str, str, int | None]]:
    """(group, url name, label, count) for every page policy shows the user, in order."""
    entries = [
        ("", "web:dashboard", "工作台", None),
        ("", "search:search", "信息检索", None),
        ("", "notifications:list", "消息", unread_count(user)),
    ]
    if Export.objects.filter(user=user).exists():  # a large export was queued for the worker
        entries.append(("", "web:exports", "我的导出", None))
    for group, name, label, check, count in _PAGES:
        if check is None or policy.shows_page(user, check):
            entries.append((group, name, label, count(user, todo) if count else None))
    return entries


def navigation(request):
    """Side navigation, grouped by line of work, with to-do counts for the user's roles."""
    # Not "site_name": Django's auth views set that to the request's host.
    context = {"brand_name": settings.GOVDESK_SITE_NAME}
    user = request.user
    if not user.is_authenticated:
        return context
    if login_step_pending(request):
        context["login_step"] = True  # the page of a login step: no navigation yet
        return context
    held = policy.roles(user).all_roles()
    entries = [
        (group, reverse(name), label, count)
        for group, name, label, count in _entries(user, todo_for(request))
    ]
    path = request.path
    # The entry whose URL is the longest prefix of this page is the active one.
    matches = [
        url for _, url, _, _ in entries if path == url or (url != "/" and path.startswith(url))
    ]
    current = max(matches, key=len, default=None)
    if getattr(request.resolver_match, "view_name", "") in CONFIG_VIEWS:
        current = reverse("web:config")  # settings pages live under their apps' URLs
    groups: list[dict] = []
    for group, url, label, count in entries:
        if not groups or groups[-1]["label"] != group:
            groups.append({"label": group, "entries": []})
        groups[-1]["entries"].append(
            {"url": url, "label": label, "count": count, "active": url == current}
        )
    labels = [label for value, label in Role.choices if value in held]
    context["nav"] = {"groups": groups, "role_labels": "、".join(labels)}
    return context
