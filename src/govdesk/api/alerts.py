"""/api/emergencies/offices/{office_id}/…: an office's alert settings (紧急信息提醒设置)
and its group robots and push addresses, for its chief editor and administrators
(``office.configure``), as on the page; writes go through ``emergencies.alerting``.
A signing secret goes in and never comes out."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Status

from govdesk import policy
from govdesk.accounts.models import User
from govdesk.api.alert_schemas import (
    AlertSettingsIn,
    AlertSettingsOut,
    WebhookIn,
    WebhookOut,
    WebhookUpdateIn,
)
from govdesk.emergencies import alerting
from govdesk.emergencies.services import office_settings
from govdesk.notifications.models import Webhook
from govdesk.units.models import Unit

router = Router(tags=["紧急信息提醒设置"])

NO_OFFICE = "办公室不存在。"
NO_WEBHOOK = "推送通道不存在，或不属于该办公室。"
NO_USERS = "用户不存在：{ids}。"


def _office(user, office_id: int) -> Unit:
    office = Unit.objects.filter(pk=office_id, kind="office").first()
    if office is None:
        raise Http404(NO_OFFICE)
    policy.require(user, "office.configure", office)
    return office


def _settings(office: Unit) -> dict:
    chosen = office_settings(office)
    return {
        "office": office,
        "leaders": chosen.leaders.order_by("username"),
        "duty_officers": chosen.duty_officers.order_by("username"),
        **{name: getattr(chosen, name) for name in alerting.SETTING_FIELDS},
        "webhooks": office.webhooks.order_by("name", "pk"),
    }


def _users(field: str, ids: list[int]) -> list[User]:
    found = list(User.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {u.pk for u in found})
    if missing:
        raise ValidationError({field: NO_USERS.format(ids="、".join(map(str, missing)))})
    return found


def _webhook(office: Unit, webhook_id: int) -> Webhook:
    hook = Webhook.objects.filter(pk=webhook_id, office=office).first()
    if hook is None:
        raise Http404(NO_WEBHOOK)
    return hook


@router.get(
    "/offices/{office_id}/alert-settings",
    response=AlertSettingsOut,
    summary="紧急信息提醒设置",
    description="办公室提醒哪些领导和值班员、何时升级和提醒、经哪些群机器人和推送地址"
    "（本办主编和管理员）。加签密钥不返回，只说明是否已设置。",
)
def alert_settings(request, office_id: int):
    return _settings(_office(request.auth, office_id))


@router.put(
    "/offices/{office_id}/alert-settings",
    response=AlertSettingsOut,
    summary="修改紧急信息提醒设置",
    description="领导和值班员只能从本办的领导和值班员中选择；整份设置一次提交。",
)
def alert_settings_update(request, office_id: int, payload: AlertSettingsIn):
    office = _office(request.auth, office_id)
    fields = payload.model_dump(include=set(alerting.SETTING_FIELDS))
    alerting.alert_settings_update(
        actor=request.auth,
        office=office,
        leaders=_users("leaders", payload.leaders),
        duty_officers=_users("duty_officers", payload.duty_officers),
        **fields,
    )
    return _settings(office)


@router.post(
    "/offices/{office_id}/webhooks",
    response={201: WebhookOut},
    summary="新增群机器人或推送地址",
    description="钉钉、企业微信群机器人或通用推送地址；加签密钥只写不读。",
)
def webhook_add(request, office_id: int, payload: WebhookIn):
    office = _office(request.auth, office_id)
    hook = alerting.webhook_save(actor=request.auth, office=office, **payload.model_dump())
    return Status(201, hook)


@router.patch(
    "/offices/{office_id}/webhooks/{webhook_id}",
    response=WebhookOut,
    summary="修改群机器人或推送地址",
    description="只修改请求中给出的字段；不提供 secret 则密钥不变，空字符串清除密钥。",
)
def webhook_update(request, office_id: int, webhook_id: int, payload: WebhookUpdateIn):
    office = _office(request.auth, office_id)
    hook = _webhook(office, webhook_id)
    return alerting.webhook_save(
        actor=request.auth, office=office, webhook=hook, **payload.model_dump(exclude_none=True)
    )


@router.delete(
    "/offices/{office_id}/webhooks/{webhook_id}",
    response=WebhookOut,
    summary="删除群机器人或推送地址",
    description="删除后不再向该地址推送；已有的发送记录保留。",
)
def webhook_delete(request, office_id: int, webhook_id: int):
    office = _office(request.auth, office_id)
    hook = _webhook(office, webhook_id)
    gone = WebhookOut.from_orm(hook)
    alerting.webhook_delete(actor=request.auth, webhook=hook)
    return gone
