"""Login security (GB/T 22239 8.1.4.1): the login records in the change log, lockout
after repeated failures (django-axes), two-factor login (django-otp TOTP) required
per role, and the security administrator's unlock and device reset.

The records are written from Django's and axes' login signals, so every way in (the
login page, the admin's login, a test client) is logged the same way.
"""

import time

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model, signals
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.dispatch import receiver
from django.shortcuts import render
from django_otp.plugins.otp_totp.models import TOTPDevice

from govdesk import policy
from govdesk.accounts.passwords import password_expired
from govdesk.audit.services import record
from govdesk.lib import clock

User = get_user_model()

# Session keys: when the person logged in and was last seen (timeouts), and what they
# must still do before anything else works (see LoginStepsMiddleware).
LOGIN_AT, SEEN_AT, NEEDS_OTP, PASSWORD_EXPIRED = (
    "govdesk_login_at",
    "govdesk_seen_at",
    "govdesk_needs_otp",
    "govdesk_password_expired",
)


def client_details(request) -> dict:
    """The IP address and browser of a request, for the change log."""
    if request is None:
        return {}
    return {
        "ip": get_client_ip_address(request) or "",
        "user_agent": request.headers.get("User-Agent", "")[:300],
    }


def otp_required(user) -> bool:
    """Whether ``user``'s roles (GOVDESK_OTP_REQUIRED_ROLES) call for a second factor.
    Superusers count as administrators."""
    wanted = set(settings.GOVDESK_OTP_REQUIRED_ROLES)
    if user.is_superuser and "admin" in wanted:
        return True
    return bool(policy.roles(user).all_roles() & wanted)


def login_step_pending(request) -> str | None:
    """What the signed-in person must still do before anything else works: "otp" (the
    second factor their roles need), "first_password" or "expired_password"."""
    user, session = request.user, request.session
    if NEEDS_OTP not in session:  # a session from before this check existed
        session[NEEDS_OTP] = otp_required(user)
    if session[NEEDS_OTP] and not user.is_verified():
        return "otp"
    if user.must_change_password:
        return "first_password"
    if session.get(PASSWORD_EXPIRED):
        return "expired_password"
    return None


@receiver(signals.user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    now = int(time.time())  # wall-clock, never the services' clock
    request.session[LOGIN_AT] = request.session[SEEN_AT] = now
    request.session[NEEDS_OTP] = otp_required(user)
    request.session[PASSWORD_EXPIRED] = password_expired(user)
    record(
        actor=user,
        action="account.login",
        target=user,
        summary=f"{user}（{user.username}）登录",
        **client_details(request),
    )


@receiver(signals.user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, "govdesk_logout_reason", "")
    record(
        actor=user,
        action="account.logout",
        target=user,
        summary=f"{user}（{user.username}）退出{reason and '（' + reason + '）'}",
        reason=reason,
        **client_details(request),
    )


@receiver(signals.user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = User.objects.filter(username=username).first()
    refused = _refused_while_locked(request)
    record(
        actor=None,
        action="account.login_failed",
        target=user,
        summary=f"登录失败：用户名“{username}”{'（锁定期间，未校验密码）' if refused else ''}",
        username=username,
        **client_details(request),
    )


def _refused_while_locked(request) -> bool:
    """axes refused the attempt because the name was already locked: it then leaves the
    counted attempt alone, so its time is not this request's."""
    if not getattr(request, "axes_locked_out", False):
        return False
    counted = AccessAttempt.objects.filter(attempt_time=request.axes_attempt_time)
    return not counted.exists()


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    if _refused_while_locked(request):
        return  # logged as a failed login; the lock itself was logged when it began
    record(
        actor=None,
        action="account.locked",
        target=User.objects.filter(username=username).first(),
        summary=f"连续 {settings.AXES_FAILURE_LIMIT} 次登录失败，用户名“{username}”已锁定",
        username=username or "",
        **client_details(request),
    )


def lockout_response(request, original_response=None, credentials=None):
    """The page axes shows instead of logging in while a user name is locked."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "accounts/locked_out.html", context, status=429)


# --- the security administrator's work ---------------------------------------------


def locked_usernames(*, viewer) -> list[str]:
    """User names locked now whose accounts ``viewer`` may unlock (``account.unlock``)."""
    since = clock.now() - settings.AXES_COOLOFF_TIME
    names = (
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        )
        .values_list("username", flat=True)
        .distinct()
    )
    users = {u.username: u for u in User.objects.filter(username__in=list(names))}
    return sorted(n for n in set(names) if policy.can(viewer, "account.unlock", users.get(n)))


def secured_accounts(*, viewer, q: str = "") -> QuerySet:
    """The accounts ``viewer`` unlocks and resets (``account.reset_otp``), by user name,
    each with ``has_device``: whether it has a confirmed authenticator; ``q`` narrows
    by user name or full name."""
    people = User.objects.filter(pk__in=policy.secured_people(viewer))
    q = q.strip()
    if q:
        people = people.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return people.annotate(has_device=Exists(enrolled)).order_by("username")


def account_unlock(*, actor, username: str) -> int:
    """Clear a user name's failed attempts so it may log in again at once."""
    user = User.objects.filter(username=username).first()
    policy.deny_unless(policy.can(actor, "account.unlock", user))
    with transaction.atomic():
        cleared = axes_reset(username=username)
        record(
            actor=actor,
            action="account.unlocked",
            target=user,
            summary=f"解除用户名“{username}”的登录锁定",
            username=username,
            attempts=cleared,
        )
    return cleared


def otp_reset(*, actor, user) -> int:
    """Remove a person's authenticator devices: at their next login they enrol a new one
    (a lost or replaced phone). ``actor=None`` is the console (``govdesk otp_reset``)."""
    if actor is not None:
        policy.deny_unless(policy.can(actor, "account.reset_otp", user))
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        record(
            actor=actor,
            action="account.otp_reset",
            target=user,
            summary=f"重置{user}（{user.username}）的动态口令设备",
            devices=count,
        )
    return count
