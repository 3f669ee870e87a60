from govdesk.notifications.models import MailState, Notification


def unread_count(user) -> int:
    """For the navigation badge."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_list(*, user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def failed_mail(*, users):
    """Messages to ``users`` whose e-mail could not be sent."""
    return (
        Notification.objects.filter(user__in=users, mail=MailState.FAILED)
        .select_related("user")
        .order_by("-created_at", "-id")
    )
