from collections.abc import Callable, Iterable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from govdesk import policy
from govdesk.lib import clock
from govdesk.units import selectors
from govdesk.units.models import Unit
from govdesk.web.exports import xlsx_response


def picker_response(request, objects: Iterable, *, template: str, as_json: Callable[..., dict]):
    """A search answer for pickers: an htmx fragment of <option>s, or JSON with ?format=json."""
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"results": [as_json(obj) for obj in objects]},
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, template, {"objects": objects})


def unit_json(unit: Unit) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": unit.get_kind_display(),
        "pinyin": unit.name_pinyin,
        "initials": unit.name_initials,
    }


@login_required
def unit_search(request):
    """Units the viewer may see whose name, pinyin or initials match ?q=."""
    within = policy.visible_units(request.user).filter(is_active=True)
    units = selectors.unit_search(request.GET.get("q", ""), within=within)
    return picker_response(request, units, template="units/_options.html", as_json=unit_json)


def _export(units: list[Unit], names: dict[str, str], year: int):
    rows = (
        [
            unit.name,
            names.get(unit.path[: -Unit.steplen], ""),
            unit.get_kind_display(),
            unit.get_level_display() or "",
            f"{unit.category_now}类" if unit.category_now else "",
            unit.people,
            "启用" if unit.is_active else "停用",
        ]
        for unit in units
    )
    headers = ["单位名称", "上级单位", "类型", "行政层级", f"{year}年考核类别", "人员", "状态"]
    stamp = clock.now().strftime("%Y%m%d")
    return xlsx_response(f"单位-{stamp}.xlsx", "单位", headers, rows)


@login_required
def unit_list(request):
    """The tree of the viewer's offices, for their administrators and editors."""
    tree = policy.office_units(request.user)
    if not tree.exists():
        raise PermissionDenied("单位列表供办公室的管理员、编辑和主编使用。")
    year = timezone.localtime(clock.now()).year
    query = request.GET.get("q", "").strip()
    rows = selectors.unit_tree(tree, year=year)
    if query:
        rows = selectors.unit_search(query, within=rows, limit=200)
    names = dict(tree.values_list("path", "name"))
    managed = set(policy.managed_units(request.user).values_list("pk", flat=True))
    units = list(rows)
    if request.GET.get("export") == "xlsx":
        return _export(units, names, year)
    top = min((u.depth for u in units), default=1)
    for unit in units:
        unit.indent = 0 if query else unit.depth - top
        unit.parent_name = names.get(unit.path[: -Unit.steplen], "")
        unit.configurable = request.user.is_staff and unit.pk in managed
    return render(request, "units/list.html", {"units": units, "year": year, "query": query})
