"""Exports as the person meets them: a list's 导出 button (the file at once, or a large
one queued for the worker), the 我的导出 page and its downloads."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from govdesk.core.exports import XLSX, SheetSource, xlsx_response
from govdesk.core.models import Export, ExportState
from govdesk.core.services import export_request
from govdesk.core.tasks import export_build_task
from govdesk.lib import clock


def xlsx_export(request, *, source: SheetSource, rows: int):
    """The list as the person asked for it (``request.GET``): the file now, or, above
    GOVDESK_EXPORT_ASYNC_ROWS rows, queued for the worker and a page saying so."""
    params = {k: v for k, v in request.GET.items() if k not in ("export", "download_token")}
    if rows <= settings.GOVDESK_EXPORT_ASYNC_ROWS:
        sheet = source(request.user, params)
        return xlsx_response(sheet.filename, sheet.title, sheet.headers, sheet.rows)
    kind = f"{source.__module__}.{source.__qualname__}"
    export = export_request(user=request.user, kind=kind, params=params, rows=rows)
    transaction.on_commit(lambda: export_build_task(export.pk))
    messages.info(
        request,
        f"共 {rows} 行，导出文件正在后台生成，完成后会通知您，也可在本页下载"
        f"（保留 {settings.GOVDESK_EXPORT_KEEP_HOURS} 小时）。",
    )
    return redirect("web:exports")


@login_required
def exports(request):
    mine = Export.objects.filter(user=request.user)  # the hourly purge drops old ones
    return render(
        request,
        "web/exports.html",
        {"exports": mine[:50], "keep_hours": settings.GOVDESK_EXPORT_KEEP_HOURS},
    )


@login_required
def export_download(request, export_id: int):
    export = get_object_or_404(Export, pk=export_id, user=request.user)
    if export.state != ExportState.READY or not export.file:
        raise Http404("文件尚未生成或已过保留期。")
    if export.expires_at and export.expires_at < clock.now():
        messages.error(request, "该导出文件已过保留期，请重新导出。")
        return redirect(reverse("web:exports"))
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.name, content_type=XLSX
    )
