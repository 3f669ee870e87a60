"""Password rules (GB/T 22239 8.1.4.1 a), every message in Chinese, and the history
that dates the current password (expiry) and keeps old ones from coming back.

Django calls ``password_changed`` of each validator whenever a user is saved with a
new password, so the history is kept for every path: the forms, the services, the
admin, ``createsuperuser``.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation as django_rules
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from govdesk.lib import clock


class LengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符。"


_CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
)


def _classes(password: str) -> int:
    count = sum(any(test(c) for c in password) for _, test in _CLASSES)
    return count + any(not c.isalnum() for c in password)


class CharacterClassValidator:
    """At least three of four kinds: upper case, lower case, digits, symbols."""

    MESSAGE = "密码须包含大写字母、小写字母、数字和符号中的至少三类。"

    def validate(self, password, user=None):
        if _classes(password) < 3:
            raise ValidationError(self.MESSAGE, code="password_too_simple")

    def get_help_text(self):
        return self.MESSAGE


class NotUsernameValidator:
    MESSAGE = "密码不能包含用户名。"

    def validate(self, password, user=None):
        username = getattr(user, "username", "") or ""
        if len(username) >= 3 and username.lower() in password.lower():
            raise ValidationError(self.MESSAGE, code="password_has_username")

    def get_help_text(self):
        return self.MESSAGE


class CommonValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return "这个密码太常见，容易被猜中，请换一个。"

    def get_help_text(self):
        return "不能是常见密码。"


class HistoryValidator:
    """The new password may not be any of the last ``keep`` ones (the current included)."""

    def __init__(self, keep: int = 5):
        self.keep = keep

    def validate(self, password, user=None):
        if user is None or user.pk is None or self.keep <= 0:
            return
        for old in user.password_history.values_list("password", flat=True)[: self.keep]:
            if check_password(password, old):
                raise ValidationError(
                    f"不能使用最近 {self.keep} 次用过的密码。", code="password_reused"
                )

    def password_changed(self, password, user=None):
        from govdesk.accounts.models import PasswordHistory

        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = user.password_history.values_list("pk", flat=True)[max(self.keep, 1) :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return f"不能与最近 {self.keep} 次用过的密码相同。"


def password_expired(user) -> bool:
    """Whether ``user``'s password is older than GOVDESK_PASSWORD_MAX_AGE_DAYS."""
    days = settings.GOVDESK_PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not user.has_usable_password():
        return False
    latest = user.password_history.values_list("set_at", flat=True).first()
    return (latest or user.date_joined) < clock.now() - timedelta(days=days)
