"""Award pages: the year's evaluation with candidates per award, a candidate's
evidence (attest and override there), the commendation notice, officer statistics."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.accounts.models import User
from govdesk.awards import exports, presets, selectors, services
from govdesk.awards.evaluation import evaluate
from govdesk.awards.models import Attestation, Award, Confirmation, Criterion, Override, Subject
from govdesk.core.exports import xlsx_response
from govdesk.core.forms import column_form, text_form, typed_text
from govdesk.core.idempotency import idempotent, new_key
from govdesk.lib import clock, periods
from govdesk.lib.officialdoc import docx_to_pdf
from govdesk.lib.replica import reads_from_replica
from govdesk.scoring.models import Scheme

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
AttestNote = column_form(Attestation, "note", "核实说明")
OverrideReason = column_form(Override, "reason", "调整理由")
# Kept in the change log only (no column): the width of the page's one-line field.
ReopenReason = text_form("reason", "撤销确认理由", 300)


def _scheme(request, scheme_id: int) -> Scheme:
    scheme = get_object_or_404(Scheme.objects.select_related("office"), pk=scheme_id)
    if not policy.can(request.user, "awards.view", scheme.office):
        raise Http404
    return scheme


def _officer(params):
    """The ``officer`` of a query or form; a malformed id is a 404, not a 500."""
    value = params.get("officer") or ""
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(User, pk=int(value))


def _error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


@login_required
def index(request):
    schemes = selectors.evaluable_schemes(request.user)
    ids = [s.pk for s in schemes]
    confirmed = set(
        Confirmation.objects.filter(scheme_id__in=ids).values_list("scheme_id", flat=True)
    )
    with_awards = set(Award.objects.filter(scheme_id__in=ids).values_list("scheme_id", flat=True))
    rows = [
        {"scheme": s, "confirmed": s.pk in confirmed, "has_awards": s.pk in with_awards}
        for s in schemes
    ]
    return render(request, "awards/index.html", {"rows": rows})


@login_required
@reads_from_replica()
def evaluation(request, scheme_id: int):
    return _evaluation_page(request, _scheme(request, scheme_id))


def _evaluation_page(request, scheme: Scheme, typed=None):
    office = scheme.office
    confirmation = Confirmation.objects.filter(scheme=scheme).first()
    sections = [
        {
            "award": award,
            "criteria": list(award.criteria.all()),
            "candidates": candidates,
            "granted": sum(1 for c in candidates if c.granted),
            "pending": sum(1 for c in candidates if c.pending and not c.override),
            "word": "人" if award.subject == Subject.OFFICER else "个",
        }
        for award, candidates in evaluate(scheme).results
    ]
    return render(
        request,
        "awards/evaluation.html",
        {
            "scheme": scheme,
            "sections": sections,
            "granted_total": confirmation.winners.count()
            if confirmation
            else sum(s["granted"] for s in sections),
            "pending_total": sum(s["pending"] for s in sections),
            "confirmation": confirmation,
            "can_decide": policy.can(request.user, "awards.decide", office),
            "presets": presets.preset_names(),
            "typed": typed or {},
            "request_key": new_key(),
        },
        status=400 if typed else 200,
    )


def _candidate_page(request, scheme: Scheme, award_id: int, unit_id: int, typed=None):
    award = get_object_or_404(Award, pk=award_id, scheme=scheme)
    unit = get_object_or_404(selectors.assessed(scheme), pk=unit_id)
    officer = _officer(request.GET) or _officer(request.POST)
    candidate = evaluate(scheme).find(award.pk, unit.pk, officer.pk if officer else None)
    if candidate is None:
        raise Http404
    office = scheme.office
    return render(
        request,
        "awards/candidate.html",
        {
            "scheme": scheme,
            "award": award,
            "candidate": candidate,
            "confirmed": Confirmation.objects.filter(scheme=scheme).exists(),
            "can_attest": policy.can(request.user, "awards.attest", office),
            "can_decide": policy.can(request.user, "awards.decide", office),
            "typed": typed or {},
            "request_key": new_key(),
        },
        status=400 if typed else 200,
    )


@login_required
def candidate(request, scheme_id: int, award_id: int, unit_id: int):
    return _candidate_page(request, _scheme(request, scheme_id), award_id, unit_id)


def _back(scheme: Scheme, award_id: int, unit_id: int, officer) -> str:
    url = reverse("awards:candidate", args=[scheme.pk, award_id, unit_id])
    return f"{url}?officer={officer.pk}" if officer else url


@require_POST
@login_required
@idempotent
def attest(request, scheme_id: int, award_id: int, unit_id: int):
    scheme = _scheme(request, scheme_id)
    criterion_id = request.POST.get("criterion", "")
    criterion = get_object_or_404(
        Criterion,
        pk=int(criterion_id) if criterion_id.isdigit() else 0,
        award_id=award_id,
        award__scheme=scheme,
    )
    unit = get_object_or_404(selectors.assessed(scheme), pk=unit_id)
    officer = _officer(request.POST)
    note = request.POST.get("note", "")
    try:
        services.attestation_set(
            actor=request.user,
            criterion=criterion,
            unit=unit,
            officer=officer,
            met=request.POST.get("met") == "1",
            note=typed_text(AttestNote, request.POST, "note"),
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        typed = {"criterion": criterion.pk, "note": note}
        return _candidate_page(request, scheme, award_id, unit_id, typed)
    messages.success(request, "已记录核实结果。")
    return redirect(_back(scheme, award_id, unit_id, officer))


@require_POST
@login_required
@idempotent
def override(request, scheme_id: int, award_id: int, unit_id: int):
    scheme = _scheme(request, scheme_id)
    award = get_object_or_404(Award, pk=award_id, scheme=scheme)
    unit = get_object_or_404(selectors.assessed(scheme), pk=unit_id)
    officer = _officer(request.POST)
    reason = request.POST.get("reason", "")
    try:
        services.override_set(
            actor=request.user,
            award=award,
            unit=unit,
            officer=officer,
            granted=request.POST.get("granted") == "1",
            reason=typed_text(OverrideReason, request.POST, "reason"),
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return _candidate_page(request, scheme, award_id, unit_id, {"reason": reason})
    messages.success(request, "已记录主编决定。")
    return redirect(_back(scheme, award_id, unit_id, officer))


@require_POST
@login_required
@idempotent
def decide(request, scheme_id: int):
    """The chief editor's list-wide actions: install a preset, confirm, reopen."""
    scheme = _scheme(request, scheme_id)
    action = request.POST.get("action")
    try:
        if action == "install":
            services.awards_install_preset(
                actor=request.user, scheme=scheme, preset=request.POST.get("preset", "")
            )
            messages.success(request, "已按预设设置评先奖项。")
        elif action == "confirm":
            services.evaluation_confirm(actor=request.user, scheme=scheme)
            messages.success(request, "评先名单已确认，可下载表彰通报。")
        elif action == "reopen":
            return _reopen(request, scheme)
        else:
            messages.error(request, "未知的操作。")
    except (ValidationError, ValueError) as error:
        text = _error_text(error) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    return redirect("awards:evaluation", scheme_id=scheme.pk)


def _reopen(request, scheme: Scheme):
    reason = request.POST.get("reason", "")
    try:
        services.evaluation_reopen(
            actor=request.user,
            scheme=scheme,
            reason=typed_text(ReopenReason, request.POST, "reason"),
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return _evaluation_page(request, scheme, {"reopen_reason": reason})
    messages.success(request, "已撤销确认，可继续调整。")
    return redirect("awards:evaluation", scheme_id=scheme.pk)


@login_required
def notice(request, scheme_id: int):
    """The confirmed list's commendation notice: .docx by default, ?format=pdf or xlsx."""
    scheme = _scheme(request, scheme_id)
    confirmation = get_object_or_404(Confirmation, scheme=scheme)
    name = exports.title(confirmation)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{name}.xlsx",
            "获奖名单",
            exports.XLSX_HEADERS,
            exports.commendation_rows(confirmation),
        )
    number = request.GET.get("number", "").strip()
    if not number:
        messages.error(request, "请先填写表彰通报的文号，再下载 Word 或 PDF。")
        return redirect("awards:evaluation", scheme_id=scheme.pk)
    content, mime, ext = exports.commendation_docx(confirmation, doc_number=number), DOCX, "docx"
    if request.GET.get("format") == "pdf":
        content, mime, ext = docx_to_pdf(content), "application/pdf", "pdf"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{name}.{ext}')}"
    return response


@login_required
def officers(request, scheme_id: int):
    """Officer statistics for a quarter or the year (?quarter=N, ?period=year …)."""
    scheme = _scheme(request, scheme_id)
    period = periods.from_query(request.GET, scheme.year, timezone.localdate(clock.now()))
    rows, levels = selectors.officer_statistics(scheme, period)
    if request.GET.get("format") == "xlsx":
        headers = ["单位", "信息员", "报送", *(f"{lv.label}采用" for lv in levels)]
        headers += ["批示", "回应约稿"]
        data = [
            [
                r.unit.name,
                r.officer.full_name,
                r.submitted,
                *r.level_counts,
                r.annotations,
                r.solicitations,
            ]
            for r in rows
        ]
        return xlsx_response(f"{period.label}信息员统计.xlsx", "信息员统计", headers, data)
    return render(
        request,
        "awards/officers.html",
        {
            "scheme": scheme,
            "period": period,
            "rows": rows,
            "levels": levels,
            "months": range(1, 13),
            "quarters": range(1, 5),
            "year": scheme.year,
        },
    )
