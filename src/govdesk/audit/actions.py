"""The catalogue of change-log action codes (like Weblate's ``ActionEvents``): every
code ``record()`` may write and every prefix ``subscribe()`` may follow is listed
here, so a typo fails when it is written or registered instead of logging an event
nobody follows. Adding a code is one line in ``ACTIONS``.

``ACTION_GROUPS`` gives the Chinese names people see for the codes, by prefix, on the
audit administrator's page; the longest matching prefix wins."""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

# code -> what happened, in Chinese. One line per code; keep them grouped by prefix.
ACTIONS: dict[str, str] = {
    "account.batch_issued": "批量发放账号",
    "account.changed": "修改账号",
    "account.created": "新建账号",
    "account.locked": "账号锁定",
    "account.login": "登录",
    "account.login_failed": "登录失败",
    "account.logout": "退出",
    "account.otp_enrolled": "绑定动态口令",
    "account.otp_failed": "动态口令错误",
    "account.otp_reset": "重置动态口令",
    "account.password_changed": "修改密码",
    "account.password_reset": "重置密码",
    "account.unlocked": "解除锁定",
    "admin.added": "配置管理：新增",
    "admin.changed": "配置管理：修改",
    "admin.deleted": "配置管理：删除",
    "adoption.external": "录入上级刊物采用",
    "alerts.settings_changed": "修改预警设置",
    "alerts.tested": "测试预警通道",
    "alerts.webhook_deleted": "删除预警接收地址",
    "alerts.webhook_saved": "保存预警接收地址",
    "annotation.created": "录入领导批示",
    "api_client.changed": "修改接口客户端",
    "api_client.registered": "登记接口客户端",
    "api_token.created": "新建接口令牌",
    "api_token.revoked": "吊销接口令牌",
    "audit.purged": "清理操作日志",
    "award.attested": "评先评优审定",
    "award.overridden": "调整评先评优结果",
    "awards.confirmed": "确认评先评优",
    "awards.installed": "安装评先评优办法",
    "awards.reopened": "重新打开评先评优",
    "backup.created": "创建备份",
    "backup.restored": "恢复备份",
    "calendar.deleted": "删除工作日历",
    "calendar.set": "设置工作日历",
    "circular.issue": "印发通报",
    "circular.prepare": "起草通报",
    "circular.withdraw": "撤回通报",
    "duty.roster": "排班",
    "duty.spot_check": "值班抽查",
    "emergency.acknowledged": "确认收到紧急信息提醒",
    "emergency.daily": "设置每日续报",
    "emergency.notified": "发出紧急信息提醒",
    "emergency.phoned": "电话报告紧急信息",
    "emergency.received": "收到紧急信息",
    "export.failed": "导出失败",
    "export.ready": "导出文件已生成",
    "issue.created": "新建刊物期次",
    "issue.entry_added": "加入期次",
    "issue.entry_edited": "修改期次稿件",
    "issue.entry_moved": "调整期次稿件顺序",
    "issue.entry_removed": "移出期次",
    "issue.recipients_set": "设置发送范围",
    "issue.released": "发布期次",
    "issue.signed": "签发期次",
    "issue.voided": "作废期次",
    # item.<action>: one per transition in items/workflow.py (a test keeps them in step).
    "item.adopt": "采用",
    "item.attachment_added": "添加附件",
    "item.attachment_removed": "删除附件",
    "item.created": "新建信息",
    "item.credit_changed": "更改署名",
    "item.edited": "修改信息",
    "item.forward": "转报上级",
    "item.key_points": "标注要点",
    "item.reject": "不予采用",
    "item.reopen": "撤销不予采用",
    "item.return": "退回修改",
    "item.reviewer_return": "审核退回",
    "item.sign_off": "审核签发并报送",
    "item.submit": "提交审核",
    "item.withdraw": "撤回",
    "keypoint.created": "发布约稿要点",
    "membership.changed": "修改角色授予",
    "membership.granted": "授予角色",
    "membership.revoked": "撤销角色",
    "records.imported": "导入往年台账",
    "records.run_uploaded": "上传往年台账待检查",
    "records.run_started": "后台开始处理往年台账",
    "records.run_checked": "往年台账检查完成",
    "records.run_apply_requested": "确认导入往年台账",
    "records.run_applied": "往年台账导入完成",
    "records.run_requeued": "往年台账处理中断后重新排队",
    "records.run_failed": "往年台账处理失败",
    "penalty.recorded": "记录扣分",
    "portal.column_changed": "修改网站栏目",
    "portal.column_created": "新增网站栏目",
    "portal.corrected": "更正门户文章",
    "portal.edited": "修改门户文章",
    "portal.media_added": "门户文章加入附件",
    "portal.prepared": "选用到门户网站",
    "portal.published": "发布门户文章",
    "portal.scheduled": "定时发布门户文章",
    "portal.secrecy_reviewed": "门户文章保密审查",
    "portal.sent": "单独报送网站",
    "portal.withdrawn": "撤下门户文章",
    "penalty.withdrawn": "撤销扣分",
    "publication.changed": "修改刊物",
    "publication.columns_added": "新增栏目",
    "publication.created": "新建刊物",
    "publication.distribution_set": "设置刊物发送范围",
    "scheme.changed": "修改考核方案",
    "scheme.created": "新建考核方案",
    "scheme.installed": "安装考核方案",
    "scheme.rebuilt": "重算考核方案",
    "scheme.rule_added": "新增计分规则",
    "scheme.rule_changed": "修改计分规则",
    "scheme.rule_deleted": "删除计分规则",
    "scheme.status_changed": "变更考核方案状态",
    "scheme.target_added": "新增考核目标",
    "scheme.target_changed": "修改考核目标",
    "scheme.target_deleted": "删除考核目标",
    "search.not_duplicate": "标为非重复信息",
    "solicitation.answered": "回应约稿",
    "solicitation.created": "发出约稿",
    "solicitation.urged": "约稿催办",
    "supervision.closed": "办结督办",
    "supervision.feedback": "督办反馈",
    "supervision.opened": "发起督办",
    "supervision.overdue": "督办逾期",
    "supervision.urged": "催办",
    "unit.category_set": "设置单位类别",
    "unit.county_set": "设置直报点所在县",
    "unit.changed": "修改单位",
    "unit.created": "新建单位",
    "unit.deleted": "删除单位",
    "unit.moved": "调整单位隶属",
    "webhook.disabled": "推送地址自动停用",
    "webhook.resent": "重新推送",
    "words.deleted": "删除敏感词",
    "words.set": "设置敏感词",
}


def check_code(code: str) -> str:
    """``code`` itself, if catalogued; a ``LookupError`` naming the catalogue otherwise."""
    if code not in ACTIONS:
        raise LookupError(f"Change-log action {code!r} is not in govdesk/audit/actions.py.")
    return code


def check_prefix(prefix: str) -> str:
    """A subscription's prefix: a catalogued code, or a group ending in "." that holds
    at least one. Fails at start-up (subscribers register in ``AppConfig.ready``)."""
    if prefix in ACTIONS or (
        prefix.endswith(".") and any(code.startswith(prefix) for code in ACTIONS)
    ):
        return prefix
    raise ImproperlyConfigured(
        f"Subscription to {prefix!r} matches no action in govdesk/audit/actions.py."
    )


ACTION_GROUPS: list[tuple[str, str]] = [
    ("account.login_failed", "登录失败"),
    ("account.login", "登录"),
    ("account.logout", "退出"),
    ("account.locked", "账号锁定"),
    ("account.unlocked", "解除锁定"),
    ("account.otp", "动态口令"),
    ("account.password", "密码"),
    ("account.", "账号"),
    ("membership.", "角色授予与撤销"),
    ("api_token.", "接口令牌"),
    ("api_client.", "接口客户端"),
    ("unit.", "单位"),
    ("item.", "信息报送与采编"),
    ("issue.", "刊物编发"),
    ("publication.", "刊物配置"),
    ("adoption.", "外部采用"),
    ("annotation.", "领导批示"),
    ("supervision.", "批示督办"),
    ("solicitation.", "约稿"),
    ("keypoint.", "约稿要点"),
    ("emergency.", "紧急信息"),
    ("export.", "导出"),
    ("duty.", "值班"),
    ("scheme.", "考核方案"),
    ("penalty.", "扣分"),
    ("records.", "往年台账导入"),
    ("circular.", "通报"),
    ("webhook.", "事件推送"),
    ("portal.", "门户网站"),
    ("award", "评先评优"),
    ("search.", "相似信息"),
    ("admin.", "配置管理"),
    ("alerts.", "紧急信息提醒设置"),
    ("calendar.", "节假日安排"),
    ("words.", "审核词表"),
    ("audit.", "操作日志"),
]


def action_label(code: str) -> str:
    matches = [(prefix, label) for prefix, label in ACTION_GROUPS if code.startswith(prefix)]
    return max(matches, key=lambda m: len(m[0]))[1] if matches else "其他"


def action_filter(prefix: str) -> Q:
    """The codes labelled by ``prefix``: starting with it, but not with a longer prefix
    that has a label of its own ("登录" is not also "登录失败")."""
    condition = Q(action__startswith=prefix)
    for other, _ in ACTION_GROUPS:
        if other != prefix and other.startswith(prefix):
            condition &= ~Q(action__startswith=other)
    return condition
