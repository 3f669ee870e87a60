"""配置管理: the list of settings pages the signed-in person may change.

Each page lives with its app and checks the policy itself; this list asks the same
checks, so an entry shows exactly when its page would open. The Django admin is for
superusers only (``govdesk.urls``)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from govdesk import policy

# The settings pages, for the navigation to mark 配置管理 on them (those with their own
# navigation entry, 考核方案 and 刊物与栏目, are marked by their entry).
CONFIG_VIEWS = {
    "web:config",
    "emergencies:alert_settings",
    "emergencies:alert_office",
    "emergencies:rosters",
    "annotations:calendar",
    "quality:words",
    "units:settings",
    "units:add",
    "units:edit",
    "accounts:people",
    "accounts:person",
    "api_clients:list",
    "api_clients:client",
}


def config_entries(user) -> list[tuple[str, str, str]]:
    """(title, url, what it sets) for every settings page ``user`` may open."""
    entries = []
    if policy.configured_offices(user).exists():
        entries += [
            (
                "考核方案与目标",
                reverse("scoring:schemes"),
                "方案设置、计分规则的分值、季度目标分解、各类单位全年目标分值",
            ),
            (
                "紧急信息提醒",
                reverse("emergencies:alert_settings"),
                "提醒哪些领导和值班员、邮件和钉钉/企业微信群机器人、测试发送",
            ),
        ]
    if policy.configurable_publications(user).exists():
        about = "刊物名称、栏目的新增、改名、排序和停用，默认报送、抄送范围"
        entries.append(("刊物与栏目", reverse("publications:list"), about))
    if policy.roster_units(user).exists():
        entries.append(
            ("值班排班", reverse("emergencies:rosters"), "按周或按月排班，可复制上期值班表")
        )
    if policy.can(user, "calendar.manage", None):
        about = "法定节假日和调休上班日，工作日期限据此计算"
        entries.append(("节假日安排", reverse("annotations:calendar"), about))
    if policy.can(user, "words.manage", None):
        entries.append(("审核词表", reverse("quality:words"), "套话、敏感词和密级词"))
    if policy.managed_units(user).exists():
        entries += [
            ("单位", reverse("units:list"), "新增、改名、调整上级、停用；考核类别与条块对应"),
            (
                "人员与角色",
                reverse("accounts:people"),
                "账号信息、授予和撤销角色、重置密码、接口令牌",
            ),
            (
                "接口客户端",
                reverse("api_clients:list"),
                "其他系统调用接口：权限范围、调用频率、令牌和调用记录",
            ),
        ]
    if user.is_superuser:
        entries.append(("系统后台", reverse("admin:index"), "超级管理员维护全部数据"))
    return entries


@login_required
def config_index(request):
    entries = config_entries(request.user)
    policy.deny_unless(bool(entries))
    return render(request, "web/config.html", {"entries": entries})
