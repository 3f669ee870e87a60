from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.lib.replica import reads_from_replica
from govdesk.lib.text import MAX_PAGE
from govdesk.search import selectors, services
from govdesk.search.forms import ISSUES, SearchForm
from govdesk.search.index import COUNT_CAP
from govdesk.units.models import Unit

PER_PAGE = 20


@login_required
@reads_from_replica()
def search(request):
    form = SearchForm(request.GET or None, units=policy.visible_units(request.user))
    filters = form.filters()
    raw_page = request.GET.get("page", "")
    # Past MAX_PAGE the offset would overflow the database's integer (a 500).
    page = min(int(raw_page), MAX_PAGE) if raw_page.isdecimal() and len(raw_page) < 8 else 1
    page = max(page, 1)
    results = None
    issues = filters.get("scope") == ISSUES
    if filters.get("q"):
        run = selectors.search_issues if issues else selectors.search_items
        results = run(
            viewer=request.user,
            q=filters["q"],
            filters=filters,
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "results": results,
            "issues": issues,
            "page": page,
            "has_next": results is not None and page * PER_PAGE < results.total,
            "query": query.urlencode(),
            "count_cap": COUNT_CAP,
        },
    )


@login_required
def similar(request, office_id):
    """Similarity groups and 条块双报 pairs among the items an office received."""
    office = get_object_or_404(Unit, pk=office_id)
    if not policy.can(request.user, "office.desk", office):
        raise PermissionDenied("只有本办公室的编辑可以查看查重结果。")
    days = int(request.GET["days"]) if request.GET.get("days", "").isdigit() else 30
    pairs = selectors.similar_pairs(viewer=request.user, office=office, days=days)
    return render(
        request,
        "search/similar.html",
        {
            "office": office,
            "days": days,
            "groups": selectors.similarity_groups(pairs),
            "pairs": pairs,
        },
    )


@login_required
@require_POST
def not_duplicate(request, office_id):
    services.not_duplicate_mark(
        actor=request.user, first_id=request.POST["first"], second_id=request.POST["second"]
    )
    return redirect("search:similar", office_id=office_id)


@login_required
def similar_home(request):
    """The editor's own office's similarity page."""
    office = policy.desk_offices(request.user).first()
    if office is None:
        raise PermissionDenied("只有办公室编辑可以查看查重结果。")
    return redirect("search:similar", office_id=office.pk)
