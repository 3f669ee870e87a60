from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from govdesk.notifications import selectors, services
from govdesk.notifications.models import Kind, MailPreference, Notification


@login_required
def notification_list(request):
    opted_out = set(MailPreference.objects.filter(user=request.user).values_list("kind", flat=True))
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": selectors.notification_list(user=request.user)[:200],
            "unread": selectors.unread_count(request.user),
            "kinds": [(value, label, value not in opted_out) for value, label in Kind.choices],
        },
    )


@require_POST
@login_required
def notification_open(request, pk):
    get_object_or_404(Notification, pk=pk, user=request.user)
    note = services.notification_open(user=request.user, notification_id=pk)
    return redirect(note.url or "notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


@require_POST
@login_required
def preferences(request):
    services.mail_preferences_set(user=request.user, mailed_kinds=set(request.POST.getlist("mail")))
    messages.success(request, "已保存邮件提醒设置。")
    return redirect("notifications:list")
