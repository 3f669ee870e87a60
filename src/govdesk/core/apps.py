from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared plumbing below the domain apps: idempotent requests, exports, the scoped
    admin bases, the holiday calendar (docs/architecture.md, "Layers")."""

    name = "govdesk.core"
    verbose_name = "系统基础"
