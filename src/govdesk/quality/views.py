from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.items.models import Item
from govdesk.quality.checks import Draft, run_checks
from govdesk.search.selectors import duplicate_warnings


def _unit(request):
    """The unit the form writes for: the item's, or one the user may write for."""
    item_id = request.POST.get("item_id") or None
    if item_id:
        item = get_object_or_404(Item.objects.select_related("unit"), pk=item_id)
        policy.require(request.user, "item.view", item)
        return item.unit, item.pk
    unit = policy.writer_units(request.user).filter(pk=request.POST.get("unit") or 0).first()
    return unit or policy.writer_units(request.user).first(), None


@login_required
@require_POST
def hints(request):
    """htmx: quality hints and possible duplicates for the text in the item form."""
    title, body = request.POST.get("title", ""), request.POST.get("body", "")
    unit, item_id = _unit(request)
    problems = run_checks(Draft(title, body, request.POST.get("kind", ""))) if body.strip() else []
    warnings = (
        duplicate_warnings(viewer=request.user, unit=unit, title=title, body=body, item_id=item_id)
        if unit
        else []
    )
    return render(request, "quality/_hints.html", {"problems": problems, "warnings": warnings})
