"""Writes for an office's alert settings (紧急信息提醒): whom it alerts, whether by
e-mail, its group robots and push addresses, and a test send through them. Changed
by the office's chief editor and administrators (``office.configure``); every change
and every test is in the change log."""

from django.core.exceptions import ValidationError
from django.db import transaction

from govdesk import policy
from govdesk.accounts.models import Role, User
from govdesk.audit.services import model_diff, record
from govdesk.emergencies.models import AlertSettings
from govdesk.emergencies.services import office_settings, watchers
from govdesk.notifications import webhooks
from govdesk.notifications.models import ChannelKind, Signature, Webhook
from govdesk.notifications.transports import sm3_available

SETTING_FIELDS = ("email", "escalate_after_minutes", "remind_before_minutes", "follow_up_hours")
WEBHOOK_FIELDS = ("name", "kind", "url", "secret", "is_active", "alerts", "events", "signature")
SM3_MISSING = "本服务器的 OpenSSL 不支持 SM3，请选择 HMAC-SHA256。"
TEST_SUBJECT = "【测试】紧急信息提醒通道测试"
DELIVERED = webhooks.DELIVERED


def people(office, role: str):
    """The office's active people in ``role``: whom the settings may choose from."""
    return User.objects.filter(
        is_active=True,
        memberships__unit=office,
        memberships__role=role,
        memberships__is_active=True,
    ).distinct()


def _names(users) -> list[str]:
    return sorted(str(u) for u in users)


@transaction.atomic
def alert_settings_update(*, actor, office, leaders, duty_officers, **fields) -> AlertSettings:
    """Choose whom ``office`` alerts (leaders and duty officers of the office only) and
    how; ``fields`` are ``SETTING_FIELDS``."""
    policy.require(actor, "office.configure", office)
    unknown = set(fields) - set(SETTING_FIELDS)
    if unknown:
        raise ValueError(f"不能修改的字段：{sorted(unknown)}")
    errors = {}
    if set(leaders) - set(people(office, Role.LEADER)):
        errors["leaders"] = "只能选择本办的领导。"
    if set(duty_officers) - set(people(office, Role.DUTY)):
        errors["duty_officers"] = "只能选择本办的值班员。"
    if errors:
        raise ValidationError(errors)
    chosen = AlertSettings.objects.select_for_update().get(pk=office_settings(office).pk)
    before = {name: getattr(chosen, name) for name in SETTING_FIELDS}
    before["leaders"] = _names(chosen.leaders.all())
    before["duty_officers"] = _names(chosen.duty_officers.all())
    for name, value in fields.items():
        setattr(chosen, name, value)
    chosen.full_clean()
    chosen.save()
    chosen.leaders.set(leaders)
    chosen.duty_officers.set(duty_officers)
    after = {name: getattr(chosen, name) for name in SETTING_FIELDS}
    after.update(leaders=_names(leaders), duty_officers=_names(duty_officers))
    changes = model_diff(before, after)
    if changes:
        record(
            actor=actor,
            action="alerts.settings_changed",
            target=chosen,
            summary=f"修改{office.name}紧急信息提醒设置",
            changes=changes,
        )
    return chosen


def _shown(hook: Webhook) -> dict:
    """A webhook's fields as the change log keeps them: never the 加签 secret itself."""
    shown = {name: getattr(hook, name) for name in WEBHOOK_FIELDS}
    shown["secret"] = f"已设置（尾号{hook.secret[-4:]}）" if hook.secret else "未设置"
    return shown


@transaction.atomic
def webhook_save(*, actor, office, webhook: Webhook | None = None, **fields) -> Webhook:
    """Add a group robot or push address to ``office``, or change one of its own."""
    policy.require(actor, "office.configure", office)
    if webhook is not None and webhook.office_id != office.pk:
        raise ValueError("不是本办的推送通道")
    hook = webhook or Webhook(office=office, owner=actor)
    before = {} if webhook is None else _shown(hook)
    for name in WEBHOOK_FIELDS:
        if name in fields:
            setattr(
                hook, name, fields[name].strip() if isinstance(fields[name], str) else fields[name]
            )
    if hook.is_active:
        hook.failures, hook.disabled_reason = 0, ""  # switched on again: a fresh count
    if hook.signature == Signature.HMAC_SM3 and not sm3_available():
        raise ValidationError({"signature": SM3_MISSING})
    hook.full_clean()
    hook.save()
    changes = model_diff(before, _shown(hook))
    if changes:
        record(
            actor=actor,
            action="alerts.webhook_saved",
            target=hook,
            summary=f"{'修改' if before else '新增'}{office.name}推送通道“{hook}”",
            changes=changes,
        )
    return hook


@transaction.atomic
def webhook_delete(*, actor, webhook: Webhook) -> None:
    policy.require(actor, "office.configure", webhook.office)
    record(
        actor=actor,
        action="alerts.webhook_deleted",
        target=webhook,
        summary=f"删除{webhook.office.name}推送通道“{webhook}”",
        url=webhook.url,
    )
    webhook.delete()


def channel_test(*, actor, office, webhook: Webhook | None = None) -> list[tuple[str, str]]:
    """Send a test message now: through ``webhook``, or by e-mail to everyone the
    office alerts at once who has an address. Returns (to whom, result) per message;
    each result is recorded."""
    policy.require(actor, "office.configure", office)
    text = f"这是{office.name}紧急信息提醒通道的测试消息，由{actor}发送，无需处理。"
    if webhook is not None:
        if webhook.office_id != office.pk:
            raise ValueError("不是本办的推送通道")
        targets = [(str(webhook), webhook.kind, webhook.url, webhook)]
    else:
        targets = [
            (f"{u}（{u.email}）", ChannelKind.EMAIL, u.email, office_settings(office))
            for u in watchers(office)
            if u.email
        ]
        if not targets:
            return [("电子邮件", "未发送：被提醒人员均未登记邮箱。")]
    return [
        webhooks.test_send(
            actor=actor,
            channel=channel,
            target=target,
            label=label,
            about=about,
            text=text,
            subject=TEST_SUBJECT,
        )
        for label, channel, target, about in targets
    ]
