"""What every outgoing mail needs: the site's address for its links, and the truth
about whether the configured backend delivers anything at all."""

from django.conf import settings

# Backends that accept a message without it reaching anyone, and what became of it.
_UNDELIVERED = {
    "django.core.mail.backends.console.EmailBackend": "未发送：邮件未配置（只输出到控制台）",
    "django.core.mail.backends.dummy.EmailBackend": "未发送：邮件未配置（已丢弃）",
    "django.core.mail.backends.filebased.EmailBackend": "未发送：邮件未配置（只写入文件）",
}


def site_link(path: str) -> str:
    """An absolute link to ``path`` on this deployment (GOVDESK_BASE_URL)."""
    return f"{settings.GOVDESK_BASE_URL.rstrip('/')}{path}"


def undelivered_reason() -> str:
    """Why mail accepted by the configured backend reaches nobody; "" when it is real."""
    return _UNDELIVERED.get(settings.EMAIL_BACKEND, "")
