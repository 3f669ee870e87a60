"""Large exports: requested by the web process, built by the worker, announced to
their owner (through the change log: ``export.ready`` / ``export.failed``, followed by
``notifications.subscribers``) and purged after GOVDESK_EXPORT_KEEP_HOURS."""

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.module_loading import import_string

from govdesk.audit.services import record
from govdesk.core.exports import xlsx_bytes
from govdesk.core.models import Export, ExportState
from govdesk.lib import clock


def export_request(*, user, kind: str, params: dict, rows: int) -> Export:
    """Record an export for the worker (``tasks.export_build_task``) to build."""
    return Export.objects.create(user=user, kind=kind, params=params, rows=rows)


def export_build(*, export_id: int) -> Export | None:
    """Build one queued export; None when another worker has claimed it already."""
    claimed = Export.objects.filter(pk=export_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING
    )
    if not claimed:
        return None
    export = Export.objects.select_related("user").get(pk=export_id)
    try:
        sheet = import_string(export.kind)(export.user, export.params)
        content, export.rows = xlsx_bytes(sheet.title, sheet.headers, sheet.rows)
        export.name = sheet.filename
        export.file.save(export.name, ContentFile(content), save=False)
        export.state = ExportState.READY
        title = f"导出文件“{export.name}”已生成，共 {export.rows} 行"
    except Exception as exc:  # the owner hears of it; the worker goes on
        export.state, export.error = ExportState.FAILED, str(exc)[:300]
        title = f"导出失败：{export.error}"
    now = clock.now()
    export.finished_at = now
    export.expires_at = now + timedelta(hours=settings.GOVDESK_EXPORT_KEEP_HOURS)
    export.save()
    record(
        actor=None,
        action="export.ready" if export.state == ExportState.READY else "export.failed",
        target=export,
        summary=title,
        owner=export.user_id,
    )
    return export


def exports_purge() -> int:
    """Delete exports past their keeping time, files included; returns how many."""
    expired = list(Export.objects.filter(expires_at__lt=clock.now()))
    for export in expired:
        export.file.delete(save=False)
    Export.objects.filter(pk__in=[e.pk for e in expired]).delete()
    return len(expired)
