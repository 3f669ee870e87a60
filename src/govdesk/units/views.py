from collections.abc import Callable, Iterable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from govdesk import policy
from govdesk.core.exports import xlsx_response
from govdesk.lib import clock
from govdesk.lib.text import PlainTextForm
from govdesk.units import selectors, services
from govdesk.units.models import Unit, UnitKind


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
        unit.configurable = unit.pk in managed
    context = {"units": units, "year": year, "query": query, "manages": bool(managed)}
    return render(request, "units/list.html", context)


class CounterpartForm(PlainTextForm, forms.Form):
    counterpart = forms.ModelChoiceField(
        label="对口上级部门",
        queryset=None,
        required=False,
        empty_label="无",
        help_text="基层信息直报点的对口上级部门（条块对应），计分时同步计入",
    )


class CategoryForm(PlainTextForm, forms.Form):
    year = forms.IntegerField(label="考核年度", min_value=2000, max_value=2100)
    category = forms.CharField(
        label="类别", max_length=16, required=False, help_text="如 A、B、C；留空为取消该年度类别"
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


@login_required
def unit_settings(request, pk: int):
    """A unit's assessment category per year and its 条块 counterpart."""
    unit = get_object_or_404(Unit, pk=pk)
    policy.require(request.user, "unit.manage", unit)
    year = timezone.localtime(clock.now()).year
    posted = request.POST.get("form")
    counterpart_form = CounterpartForm(
        request.POST if posted == "counterpart" else None,
        initial={"counterpart": unit.counterpart_id},
    )
    counterpart_form.fields["counterpart"].queryset = (
        policy.visible_units(request.user)
        .filter(kind=UnitKind.DEPARTMENT, is_active=True)
        .exclude(pk=unit.pk)
        .order_by("path")
    )
    category_form = CategoryForm(
        request.POST if posted == "category" else None, initial={"year": year}
    )
    try:
        if counterpart_form.is_bound and counterpart_form.is_valid():
            services.unit_counterpart_set(
                actor=request.user, unit=unit, **counterpart_form.cleaned_data
            )
            messages.success(request, "对口上级部门已保存。")
            return redirect("units:settings", unit.pk)
        if category_form.is_bound and category_form.is_valid():
            services.unit_category_set(actor=request.user, unit=unit, **category_form.cleaned_data)
            messages.success(request, "考核类别已保存。")
            return redirect("units:settings", unit.pk)
    except ValidationError as error:
        (counterpart_form if posted == "counterpart" else category_form).add_error(None, error)
    return render(
        request,
        "units/settings.html",
        {
            "unit": unit,
            "categories": unit.categories.all(),
            "counterpart_form": counterpart_form,
            "category_form": category_form,
        },
    )


class UnitForm(forms.ModelForm):
    """Adding a unit, or renaming, moving and deactivating one, within the jurisdiction."""

    parent = forms.ModelChoiceField(
        label="上级办公室",
        queryset=Unit.objects.none(),
        required=False,
        help_text="本单位向哪个政府办公室报送信息（不得越级上报）",
        error_messages={"invalid_choice": "请选择您管理的政府办公室（不能是本单位或其下级单位）。"},
    )

    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "level", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offices = policy.managed_units(user).filter(kind=UnitKind.OFFICE, is_active=True)
        unit = self.instance
        self.current_parent = Unit.objects.get_parent(unit) if unit.pk else None
        if unit.pk:
            # Never under itself or its own units; keeping the parent is always allowed.
            offices = offices.exclude(path__startswith=unit.path)
            if self.current_parent is not None:
                offices = offices | Unit.objects.filter(pk=self.current_parent.pk)
                self.fields["parent"].required = True
            else:
                del self.fields["parent"]
        else:
            del self.fields["is_active"]
            self.fields["parent"].required = True
        if "parent" in self.fields:
            self.fields["parent"].queryset = offices = offices.order_by("path")
            # A new unit most often goes under the administrator's own (highest) office.
            self.fields["parent"].initial = self.current_parent or offices.first()

    def clean(self):
        data = super().clean()
        if data.get("kind"):
            for name, problem in services.unit_problems(
                unit=self.instance, kind=data["kind"], level=data.get("level")
            ).items():
                self.add_error(name, problem)
        return data


@login_required
def unit_add(request):
    if not policy.managed_units(request.user).exists():
        raise PermissionDenied("只有管理员可以新增单位。")
    form = UnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parent = data.pop("parent")
        try:
            policy.require(request.user, "unit.manage", parent)
            unit = services.unit_create(actor=request.user, parent=parent, **data)
        except (ValueError, ValidationError) as error:
            form.add_error(None, str(getattr(error, "message", error)))
        else:
            messages.success(request, f"已新增单位“{unit.name}”。")
            return redirect("units:list")
    return render(request, "units/edit.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk: int):
    unit = get_object_or_404(policy.managed_units(request.user), pk=pk)
    form = UnitForm(request.POST or None, instance=Unit.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        parent = data.pop("parent", None)
        try:
            unit = services.unit_update(actor=request.user, unit=unit, parent=parent, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"单位“{unit.name}”已保存。")
            return redirect("units:list")
    return render(request, "units/edit.html", {"form": form, "unit": unit})
