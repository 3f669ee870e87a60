from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from govdesk import policy
from govdesk.core.idempotency import idempotent, new_key
from govdesk.lib import clock
from govdesk.records import runs, services
from govdesk.records.forms import ExportForm, ImportForm
from govdesk.records.models import ImportRun

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


def _visible_runs(user):
    """The person's own uploads; a superuser (the system administrator) sees everyone's."""
    found = ImportRun.objects.select_related("created_by")
    return found if user.is_superuser else found.filter(created_by=user)


@login_required
@idempotent
def import_page(request):
    """Upload a records file: the worker checks it, and the run's page follows it."""
    offices = _offices_or_403(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = runs.import_run_create(actor=request.user, file=form.cleaned_data["file"])
        return redirect("records:run", run.pk)
    context = {
        "form": form,
        "export_form": ExportForm(
            offices=offices, initial={"office": offices.first(), "year": clock.now().year - 1}
        ),
        "request_key": new_key(),
        "runs": _visible_runs(request.user)[:10],
    }
    return render(request, "records/import.html", context)


def _run_or_404(request, run_id: int) -> ImportRun:
    run = get_object_or_404(ImportRun.objects.select_related("created_by", "batch"), pk=run_id)
    if not policy.can(request.user, "records.run", run):
        raise Http404("没有这条台账导入记录。")
    return run


@login_required
@require_GET
def run_page(request, run_id: int):
    """One upload's status and report; while the worker has it, htmx asks again."""
    run = _run_or_404(request, run_id)
    context = {"run": run, "request_key": new_key(), "owner": run.created_by_id == request.user.pk}
    if request.headers.get("HX-Request"):
        return render(request, "records/_run_status.html", context)
    return render(request, "records/run.html", context)


@login_required
@require_POST
@idempotent
def run_apply(request, run_id: int):
    run = _run_or_404(request, run_id)
    try:
        runs.import_run_apply(actor=request.user, run=run)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, "已确认导入，正在后台导入，完成后本页显示结果。")
    return redirect("records:run", run.pk)


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
