from django import forms

from govdesk.lib.text import PlainTextForm
from govdesk.units.models import Level
from govdesk.units.widgets import UnitPicker


class AnnotationForm(PlainTextForm, forms.Form):
    text = forms.CharField(label="批示内容", max_length=5000, widget=forms.Textarea)
    requires_action = forms.BooleanField(label="需承办单位落实并反馈（督办）", required=False)
    units = forms.ModelMultipleChoiceField(
        label="承办单位", queryset=None, required=False, widget=UnitPicker
    )
    workdays = forms.IntegerField(label="办理期限（工作日）", min_value=1, max_value=60, initial=5)
    on_behalf = forms.BooleanField(label="代领导录入（纸质批件或上级领导批示）", required=False)
    leader_name = forms.CharField(label="领导姓名职务", max_length=100, required=False)
    leader_level = forms.TypedChoiceField(
        label="领导层级", choices=Level.choices, coerce=int, required=False
    )
    annotated_on = forms.DateField(
        label="批示日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.CharField(label="依据", max_length=200, required=False)

    def __init__(self, *args, units, on_behalf_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        if not on_behalf_allowed:
            for name in ("on_behalf", "leader_name", "leader_level", "annotated_on", "evidence"):
                del self.fields[name]


class FeedbackForm(PlainTextForm, forms.Form):
    text = forms.CharField(label="落实情况", widget=forms.Textarea)
    file = forms.FileField(label="附件", required=False)


class CalendarDaysForm(PlainTextForm, forms.Form):
    """One holiday (a span of days) or one adjusted working day (调休上班)."""

    start = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label="结束日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="只登记一天时可不填",
    )
    is_workday = forms.TypedChoiceField(
        label="安排",
        choices=[("0", "放假休息"), ("1", "调休上班")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    note = forms.CharField(label="说明", max_length=50, required=False, help_text="如：国庆节")
