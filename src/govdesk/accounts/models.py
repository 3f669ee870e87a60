import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from govdesk.lib import clock
from govdesk.lib.pinyin import pinyin_keys
from govdesk.units.models import Level, Unit


class Role(models.TextChoices):
    OFFICER = "officer", "信息员"
    REVIEWER = "reviewer", "审核人"
    EDITOR = "editor", "编辑"
    CHIEF = "chief", "主编"
    LEADER = "leader", "领导"
    DUTY = "duty", "值班员"
    ADMIN = "admin", "管理员"
    # 三员分立 (GB/T 22239 8.1.4.2 d): the administrator above is the system
    # administrator; these two hold the security and the audit duties, and the policy
    # lets none of the three do another's work.
    SECURITY = "security", "安全管理员"
    AUDITOR = "auditor", "安全审计员"
    # The office's network information centre: chooses, reviews and publishes what goes
    # on the public portal (政府门户网站), and nothing else.
    PORTAL_EDITOR = "portal_editor", "网站编辑"


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    name_pinyin = models.CharField(max_length=200, editable=False, db_index=True)
    name_initials = models.CharField(max_length=50, editable=False, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = pinyin_keys(self.full_name or self.username)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.username


class Membership(models.Model):
    """One role a person holds at one unit; a person may hold several."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    leader_level = models.PositiveSmallIntegerField(
        "领导层级", choices=Level.choices, null=True, blank=True
    )
    title = models.CharField("职务", max_length=50, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="one_role_per_unit"),
            models.CheckConstraint(
                condition=models.Q(role="leader", leader_level__isnull=False)
                | ~models.Q(role="leader"),
                name="leader_has_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


# What a client application may do through the API (``ApiClient.scopes``); a person's
# own token (no client) is limited by the policy alone.
SCOPES = {
    "items:read": "读取信息、采用记录、单位和刊物",
    "items:write": "起草、报送、审核、采用信息",
    "bulletins:read": "读取刊期、批示、督办、约稿和报送要点",
    "bulletins:write": "编辑刊期、批示、反馈督办、约稿",
    "emergencies:read": "读取突发事件、值班板和值班表",
    "emergencies:write": "报送紧急信息、记录电话报告、确认提醒、排班",
    "statistics:read": "读取考核方案、排名、通报和评选",
    "statistics:write": "修改考核方案、签发和撤回通报",
    "notifications:read": "读取站内消息",
    "notifications:write": "标记站内消息已读",
    "people:read": "读取人员与角色",
    "people:write": "开通账号、授予角色、维护单位和刊物",
}


class ApiClient(models.Model):
    """Another system that calls the API (a city's system, a 12345 hotline, an
    emergency platform): its scopes bound what its tokens may do, before the policy
    bounds what the acting user may; its calls are limited per minute and logged."""

    name = models.CharField("名称", max_length=100, unique=True)
    owner = models.ForeignKey(
        "units.Unit",
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    scopes = models.JSONField("权限范围", default=list, blank=True)
    rate_limit = models.PositiveIntegerField("每分钟调用上限", default=120)
    description = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        User, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "接口客户端"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def scope_labels(self) -> list[str]:
        return [SCOPES[s] for s in self.scopes if s in SCOPES]


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored. A client's token
    acts as its ``user`` within the client's scopes."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    client = models.ForeignKey(
        ApiClient,
        verbose_name="客户端",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tokens",
    )
    name = models.CharField("用途", max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("前缀", max_length=8, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class IssueBatch(models.Model):
    """One bulk issuance from a sheet: who ran it, what it created and whether each
    person's credentials e-mail went out. Passwords are never kept here; an e-mail that
    failed is put right with a password reset."""

    MAIL_PENDING, MAIL_SENT, MAIL_UNSENT, MAIL_FAILED = "pending", "sent", "unsent", "failed"

    created_by = models.ForeignKey(
        User, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("开通时间", default=clock.now)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    units = models.JSONField("新建单位", default=list, blank=True)
    accounts = models.JSONField("开通账号", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批量开通记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name or '开通账号表'}（{len(self.accounts)} 个账号）"


class PasswordHistory(models.Model):
    """Each password a person has set, as its hash: the newest row dates the current
    password (expiry), the last few may not be used again."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField("密码哈希", max_length=128)
    set_at = models.DateTimeField("设置时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "历史密码"
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["user", "-set_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.set_at:%Y-%m-%d}"
