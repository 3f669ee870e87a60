"""The inbox (消息), a message's delivery log, and an office's push addresses with
their delivery log, resend and test send."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.notifications import selectors, services, webhooks
from govdesk.notifications.models import (
    PERSONAL_KINDS,
    ChannelKind,
    DailyDigest,
    Delivery,
    MailPreference,
    Webhook,
)


@login_required
def notification_list(request):
    opted_out = set(MailPreference.objects.filter(user=request.user).values_list("kind", flat=True))
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": selectors.notification_list(user=request.user),
            "unread": selectors.unread_count(request.user),
            "kinds": [(k.value, k.label, k.value not in opted_out) for k in PERSONAL_KINDS],
            "digest": DailyDigest.objects.filter(user=request.user).exists(),
            "digest_hour": settings.GOVDESK_DIGEST_HOUR,
        },
    )


@login_required
def sent_list(request):
    """The messages whose delivery log the user may read, newest first."""
    return render(
        request,
        "notifications/sent.html",
        {"sent": selectors.sent_messages(user=request.user)[:200]},
    )


@require_POST
@login_required
def notification_open(request, pk):
    get_object_or_404(Delivery, pk=pk, user=request.user, channel=ChannelKind.INAPP)
    delivery = services.notification_open(user=request.user, delivery_id=pk)
    return redirect(delivery.message.url or "notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


@require_POST
@login_required
def preferences(request):
    services.mail_preferences_set(
        user=request.user,
        mailed_kinds=set(request.POST.getlist("mail")),
        digest=request.POST.get("digest") == "daily",
    )
    messages.success(request, "已保存邮件提醒设置。")
    return redirect("notifications:list")


@login_required
def message_log(request, pk):
    """Who was told what, when, through which channel, with what result."""
    message = get_object_or_404(selectors.visible_messages(user=request.user), pk=pk)
    return render(
        request,
        "notifications/message.html",
        {"message": message, "deliveries": selectors.delivery_log(message=message)},
    )


def _webhook(request, pk) -> Webhook:
    hook = get_object_or_404(Webhook.objects.select_related("office", "owner"), pk=pk)
    policy.require(request.user, "office.configure", hook.office)
    return hook


@login_required
def webhook_detail(request, pk):
    hook = _webhook(request, pk)
    return render(
        request,
        "notifications/webhook.html",
        {
            "hook": hook,
            "events": [webhooks.EVENTS[e][0] for e in hook.events if e in webhooks.EVENTS],
            "deliveries": selectors.webhook_log(webhook=hook),
        },
    )


@require_POST
@login_required
def webhook_resend(request, pk, delivery_id):
    hook = _webhook(request, pk)
    delivery = get_object_or_404(Delivery, pk=delivery_id, webhook=hook)
    webhooks.delivery_resend(actor=request.user, delivery=delivery)
    messages.success(request, f"已重新推送（幂等键 {delivery.key} 不变）。")
    return redirect("notifications:webhook", hook.pk)


@require_POST
@login_required
def webhook_test(request, pk):
    hook = _webhook(request, pk)
    label, outcome = webhooks.webhook_test(actor=request.user, webhook=hook)
    level = messages.success if outcome in webhooks.DELIVERED else messages.error
    level(request, f"测试发送至{label}：{outcome}")
    return redirect("notifications:webhook", hook.pk)
