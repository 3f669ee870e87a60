from django import forms

from govdesk.accounts.models import User
from govdesk.lib.text import PlainTextForm
from govdesk.publications import selectors
from govdesk.publications.issues import distribution_overlap
from govdesk.publications.models import AdoptionKind, Column, Publication
from govdesk.units.models import Unit


class ExternalAdoptionForm(PlainTextForm, forms.Form):
    publication = forms.ModelChoiceField(
        label="上级刊物",
        queryset=Publication.objects.filter(office__isnull=True, is_active=True),
        help_text="省、国务院等不使用本系统的刊物，由管理员在配置管理中维护",
    )
    source_issue = forms.CharField(label="刊载期号", max_length=50, help_text="如：2025年第12期")
    source_date = forms.DateField(label="刊载日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="采用类型", choices=AdoptionKind.choices)
    note = forms.CharField(label="备注（批示等依据）", max_length=200, required=False)


class PickFilterForm(PlainTextForm, forms.Form):
    """Filters of an issue's pick list (编入信息); every field may stay empty."""

    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "标题、正文关键词"}),
    )
    column = forms.ModelChoiceField(
        label="栏目", queryset=Column.objects.none(), required=False, empty_label="全部栏目"
    )
    unit = forms.ModelChoiceField(
        label="报送单位", queryset=Unit.objects.none(), required=False, empty_label="全部单位"
    )
    start = forms.DateField(
        label="采用日期自", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    scope = forms.ChoiceField(
        label="范围",
        required=False,
        choices=[("", "尚未编入刊期的"), ("all", "全部已采用的")],
    )

    def __init__(self, *args, columns, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = columns
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "结束日期不能早于开始日期。")
        return data

    def filters(self) -> dict:
        """The selector's keyword arguments; an invalid field is simply not applied."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "column": data.get("column"),
            "unit": data.get("unit"),
            "start": data.get("start"),
            "end": data.get("end") if "end" not in self.errors else None,
            "include_used": data.get("scope") == "all",
        }


class DistributionForm(PlainTextForm, forms.Form):
    """A distribution list (报送领导、报送单位、抄送单位): an issue's or a publication's
    default. The choices are the office's leaders and ``distribution_units``."""

    send_users = forms.ModelMultipleChoiceField(
        label="报送领导", queryset=User.objects.none(), required=False
    )
    send_units = forms.ModelMultipleChoiceField(
        label="报送单位", queryset=Unit.objects.none(), required=False
    )
    copy_units = forms.ModelMultipleChoiceField(
        label="抄送单位", queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["send_users"].queryset = selectors.office_leaders(office)
        units = selectors.distribution_units(office)
        self.fields["send_units"].queryset = units
        self.fields["copy_units"].queryset = units
        for name in self.fields:
            self.fields[name].error_messages["invalid_choice"] = "所选对象不在本办的分送范围内。"

    def clean(self):
        data = super().clean()
        refusal = distribution_overlap(
            send_units=data.get("send_units") or [], copy_units=data.get("copy_units") or []
        )
        if refusal:
            raise forms.ValidationError(refusal)
        return data

    def groups(self) -> list[dict]:
        """Rows for the picker, grouped (领导, 上级机关, 乡镇/街道, 部门 …) with what is chosen."""
        chosen = {name: set(self._chosen(name)) for name in self.fields}
        leaders = [
            {"obj": u, "send": u.pk in chosen["send_users"]}
            for u in self.fields["send_users"].queryset
        ]
        groups = [{"label": "领导", "key": "leaders", "leaders": leaders}] if leaders else []
        for index, (label, units) in enumerate(selectors.distribution_groups(self.office)):
            rows = [
                {
                    "obj": u,
                    "send": u.pk in chosen["send_units"],
                    "copy": u.pk in chosen["copy_units"],
                }
                for u in units
            ]
            groups.append({"label": label, "key": f"g{index}", "units": rows})
        return groups

    def _chosen(self, name) -> list[int]:
        """Primary keys chosen: posted values, or the initial lists of ids."""
        return [int(v) for v in self[name].value() or [] if str(v).isdigit()]


class PublicationNameForm(PlainTextForm, forms.Form):
    """刊物与栏目: a publication's name and description."""

    name = forms.CharField(
        label="刊物名称",
        max_length=50,
        help_text="不含书名号，如：快讯",
        error_messages={"required": "请填写刊物名称。"},
    )
    description = forms.CharField(label="说明", max_length=200, required=False)


class ColumnNameForm(PlainTextForm, forms.Form):
    """A column's name, to add one or rename it."""

    name = forms.CharField(
        label="栏目名称",
        max_length=50,
        help_text="如：工作简况",
        error_messages={"required": "请填写栏目名称。"},
    )
