from django import forms

from govdesk.lib.text import PlainTextForm
from govdesk.publications.models import Column
from govdesk.units.models import Unit


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
