"""Initial passwords: generated here, e-mailed once to their owner, never stored in clear."""

import logging
import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from govdesk.accounts.models import IssueBatch, User
from govdesk.core.mail import site_link, undelivered_reason

logger = logging.getLogger(__name__)

# No look-alikes (0/O, 1/l/I): people type these from an e-mail, often on paper.
_GROUPS = ("abcdefghjkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "#%+=@")
PASSWORD_LENGTH = 12


def new_credential() -> tuple[str, str]:
    """A random password and its hash. Hashing takes a good part of a second of CPU by
    design: callers make credentials before their write transaction, never inside it
    (on SQLite the transaction holds the one write lock meanwhile)."""
    password = new_password()
    return password, make_password(password)


def new_password() -> str:
    """A random password with at least one of each character group."""
    alphabet = "".join(_GROUPS)
    chars = [secrets.choice(group) for group in _GROUPS]
    chars += [secrets.choice(alphabet) for _ in range(PASSWORD_LENGTH - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def _message(user: User, password: str, *, reason: str) -> EmailMessage:
    site = settings.GOVDESK_SITE_NAME
    roles = "；".join(
        f"{m.unit.name}·{m.get_role_display()}"
        for m in user.memberships.filter(is_active=True).select_related("unit")
    )
    body = (
        f"{user.full_name or user.username}同志：\n\n"
        f"您好！您在“{site}”的账号已{reason}，登录信息如下：\n\n"
        f"  登录地址：{site_link(reverse('accounts:login'))}\n"
        f"  用户名：{user.username}\n"
        f"  初始密码：{password}\n"
        + (f"  单位和角色：{roles}\n" if roles else "")
        + "\n首次登录后系统会要求您设置新密码，设置后本邮件中的密码即失效。"
        "请勿将密码告知他人。\n本系统仅用于非涉密信息，涉密信息不上网。\n\n"
        f"{site}\n"
    )
    return EmailMessage(f"【{site}】账号{reason}通知", body, to=[user.email])


def send_credentials(pairs: list[tuple[User, str]], *, reason: str) -> dict[int, tuple[str, str]]:
    """E-mail each person their username and password; returns user id -> (state, note):
    ``IssueBatch.MAIL_SENT``, ``MAIL_UNSENT`` (mail not configured, the note says how)
    or ``MAIL_FAILED`` (the note is the error).

    A failure is logged, not raised: the accounts already exist, and an administrator
    puts a lost e-mail right by resetting that person's password.
    """
    outcome: dict[int, tuple[str, str]] = {}
    unsent = undelivered_reason()
    delivered = (IssueBatch.MAIL_UNSENT, unsent) if unsent else (IssueBatch.MAIL_SENT, "")
    connection = get_connection()
    try:
        for user, password in pairs:
            try:
                sent = connection.send_messages([_message(user, password, reason=reason)])
            except Exception as exc:
                logger.exception("账号通知邮件发送失败：%s <%s>", user.username, user.email)
                outcome[user.pk] = (IssueBatch.MAIL_FAILED, f"发送失败：{exc}"[:200])
            else:
                refused = (IssueBatch.MAIL_FAILED, "发送失败：邮件服务器未接受")
                outcome[user.pk] = delivered if sent else refused
    finally:
        connection.close()
    return outcome
