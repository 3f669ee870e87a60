"""``notify`` is how any app tells a person something: an in-app message and, unless
the person opted out of that kind, an e-mail. Call it after the transaction that made
the news has committed (change-log subscribers with ``after_commit=True``)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from govdesk.core.mail import site_link, undelivered_reason
from govdesk.lib import clock
from govdesk.notifications.models import Kind, MailPreference, MailState, Notification


def notify(*, user, kind: str, title: str, url: str = "", body: str = "", key: str = ""):
    """Returns the notification, or None when ``key`` was already sent to the user."""
    if not user.is_active:
        return None
    mail = bool(user.email) and not MailPreference.objects.filter(user=user, kind=kind).exists()
    try:
        with transaction.atomic():
            note = Notification.objects.create(
                user=user,
                kind=kind,
                title=title[:200],
                body=body,
                url=url[:200],
                key=key[:100],
                created_at=clock.now(),
                mail=MailState.PENDING if mail else MailState.NONE,
            )
    except IntegrityError:
        return None  # this reminder went out before
    if mail:
        _send(note)
    return note


def _send(note: Notification) -> None:
    link = f"\n\n{site_link(note.url)}" if note.url else ""
    try:
        send_mail(
            f"[{settings.GOVDESK_SITE_NAME}] {note.title}",
            f"{note.body or note.title}{link}",
            None,
            [note.user.email],
        )
    except Exception as exc:  # the message stays in the app; the failure is recorded
        Notification.objects.filter(pk=note.pk).update(
            mail=MailState.FAILED, mail_error=str(exc)[:200]
        )
    else:
        unsent = undelivered_reason()
        Notification.objects.filter(pk=note.pk).update(
            mail=MailState.UNSENT if unsent else MailState.SENT, mail_error=unsent
        )


def notification_open(*, user, notification_id: int) -> Notification:
    note = Notification.objects.get(pk=notification_id, user=user)
    if note.read_at is None:
        note.read_at = clock.now()
        note.save(update_fields=["read_at"])
    return note


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=clock.now())


def mail_preferences_set(*, user, mailed_kinds: set[str]) -> None:
    """Keep e-mail for ``mailed_kinds`` only; opt out of every other kind."""
    MailPreference.objects.filter(user=user).delete()
    MailPreference.objects.bulk_create(
        MailPreference(user=user, kind=kind) for kind in Kind.values if kind not in mailed_kinds
    )
