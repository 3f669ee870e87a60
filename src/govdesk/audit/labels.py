"""Chinese names for the change log's action codes, by prefix, for the pages that show
the log to people (the audit administrator's page). The longest matching prefix wins."""

from django.db.models import Q

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
    ("duty.", "值班"),
    ("scheme.", "考核方案"),
    ("penalty.", "扣分"),
    ("circular.", "通报"),
    ("award", "评先评优"),
    ("search.", "相似信息"),
    ("admin.", "配置管理"),
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
