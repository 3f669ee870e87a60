from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from govdesk.core.idempotency import new_key
from govdesk.lib import clock, periods
from govdesk.lib.replica import reads_from_replica
from govdesk.scoring import access, exports, notices, selectors, whatif
from govdesk.scoring.ledger import assessed_units
from govdesk.scoring.models import Scheme


def _period(request, scheme: Scheme) -> periods.Period:
    return periods.from_query(request.GET, scheme.year, timezone.localdate(clock.now()))


def _period_choices(scheme: Scheme) -> dict:
    return {"months": range(1, 13), "quarters": range(1, 5), "year": scheme.year}


@login_required
def index(request):
    """The schemes in force the user may read: their office's ranking, their unit's ledger."""
    offices, units = selectors.readable_schemes(request.user)
    return render(request, "scoring/index.html", {"offices": offices, "units": units})


@login_required
@reads_from_replica()
def ranking(request, scheme_id: int):
    scheme = get_object_or_404(Scheme.objects.select_related("office"), pk=scheme_id)
    access.require_office(request.user, scheme.office)
    period = _period(request, scheme)
    table = selectors.ranking(scheme, period)
    return render(
        request,
        "scoring/ranking.html",
        {
            "scheme": scheme,
            "period": period,
            "table": table,
            "rate_definition": selectors.RATE_DEFINITION,
            **_period_choices(scheme),
        },
    )


@login_required
def unit_ledger(request, scheme_id: int, unit_id: int):
    scheme = get_object_or_404(Scheme.objects.select_related("office"), pk=scheme_id)
    unit = get_object_or_404(assessed_units(scheme), pk=unit_id)
    access.require_unit(request.user, unit, scheme.office)
    period = _period(request, scheme)
    return render(
        request,
        "scoring/ledger.html",
        {
            "scheme": scheme,
            "unit": unit,
            "period": period,
            "lines": selectors.unit_lines(scheme, unit, period),
            "totals": selectors.unit_totals(scheme, unit, period),
            **_period_choices(scheme),
        },
    )


DOWNLOADS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


@login_required
@reads_from_replica()
def notice(request, scheme_id: int):
    """The period's notice as a page with charts, or ?format=xlsx / docx."""
    scheme = get_object_or_404(Scheme.objects.select_related("office"), pk=scheme_id)
    access.require_office(request.user, scheme.office)
    current = notices.notice(scheme, _period(request, scheme))
    wanted = request.GET.get("format")
    if wanted not in DOWNLOADS:
        context = {
            "notice": current,
            "data": current.snapshot(),
            "issuing": notices.ISSUING["page"](request.user, current),
            "request_key": new_key(),
            **_period_choices(scheme),
        }
        return render(request, "scoring/notice.html", context)
    number = request.GET.get("number", "").strip() or notices.ISSUING["doc_number"](
        office=scheme.office, year=timezone.localdate(clock.now()).year
    )
    if wanted == "xlsx":
        content = exports.notice_xlsx(current, doc_number=number)
    else:
        content = exports.notice_docx(current, doc_number=number)
    mime, ext = DOWNLOADS[wanted]
    response = HttpResponse(content, content_type=mime)
    filename = quote(f"{current.title}.{ext}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
@reads_from_replica()
def compare(request, scheme_id: int):
    """What-if: the ranking under the scheme in force beside a draft's (?draft=id)."""
    scheme = get_object_or_404(Scheme.objects.select_related("office"), pk=scheme_id)
    access.require_office(request.user, scheme.office)
    drafts = selectors.other_schemes(scheme)
    draft = drafts.filter(pk=request.GET.get("draft") or None).first() or drafts.first()
    period = _period(request, scheme)
    rows = whatif.compare(scheme, draft, period) if draft else []
    return render(
        request,
        "scoring/compare.html",
        {
            "scheme": scheme,
            "draft": draft,
            "drafts": drafts,
            "period": period,
            "rows": rows,
            **_period_choices(scheme),
        },
    )
