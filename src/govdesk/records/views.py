from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from govdesk import policy
from govdesk.core.idempotency import idempotent, new_key
from govdesk.lib import clock
from govdesk.records import services
from govdesk.records.forms import ExportForm, ImportForm
from govdesk.records.models import ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _offices_or_403(user):
    """The offices ``user`` administers; 403 for anyone who administers none."""
    if not policy.shows_page(user, "page.records"):
        raise PermissionDenied("只有管理员可以导入或导出往年台账。")
    return policy.managed_units(user).filter(kind="office").order_by("path")


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@idempotent
def import_page(request):
    """Check a records file (dry run) or bring it in; the report stays on this page."""
    offices = _offices_or_403(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        apply = request.POST.get("apply") == "1"
        report = services.records_import(actor=request.user, files=[(file.name, file)], apply=apply)
        if report.batch is not None:
            messages.success(request, f"已导入：{report.summary}。")
    context = {
        "form": form,
        "report": report,
        "export_form": ExportForm(
            offices=offices, initial={"office": offices.first(), "year": clock.now().year - 1}
        ),
        "request_key": new_key(),
        "batches": ImportBatch.objects.filter(created_by=request.user)[:10],
    }
    return render(request, "records/import.html", context)


@login_required
@require_GET
def template_download(request):
    _offices_or_403(request.user)
    return _xlsx(services.template(), "往年台账模板.xlsx")


@login_required
@require_GET
def export_download(request):
    form = ExportForm(request.GET, offices=_offices_or_403(request.user))
    if not form.is_valid():
        messages.error(request, "请选择办公室并填写年度（如 2026）。")
        return redirect("records:import")
    office, year = form.cleaned_data["office"], form.cleaned_data["year"]
    content = services.records_export(office=office, year=year)
    return _xlsx(content, f"{office.name}{year}年台账.xlsx")
