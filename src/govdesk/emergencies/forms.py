from django import forms

from govdesk.emergencies.models import Category, DutyRoster, Severity, SpotCheck
from govdesk.emergencies.services import FACT_FIELDS
from govdesk.lib.text import PlainTextForm
from govdesk.scoring.models import LearnedFrom, PenaltyKind


class MinuteInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


def moment(label: str, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=MinuteInput(), **kwargs)


def must_choose(label: str, choices, **kwargs) -> forms.TypedChoiceField:
    """A select that starts on "请选择": on an emergency a wrong default is worse than
    none, so level and type are never preselected."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "请选择"), *choices],
        error_messages={"required": f"请选择{label}。"},
        **kwargs,
    )


class FactsForm(PlainTextForm, forms.Form):
    occurred_at = moment("事发时间")
    learned_at = moment("接报时间", help_text="本单位得知事件的时间")
    place = forms.CharField(label="地点", max_length=200)
    category = must_choose("事件类别", Category.choices)
    severity = must_choose("事件级别", Severity.choices, coerce=int, empty_value=None)


class ReportForm(FactsForm):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}))
    casualties = forms.CharField(label="伤亡情况", max_length=200, required=False)
    trend = forms.CharField(label="发展趋势", max_length=200, required=False)
    leaders_on_site = forms.CharField(label="到场领导", max_length=200, required=False)
    measures = forms.CharField(
        label="已采取措施", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    writer = forms.CharField(label="执笔人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    is_final = forms.BooleanField(label="终报（事件处置完毕，结束报告）", required=False)

    def facts(self) -> dict:
        return {name: self.cleaned_data[name] for name in FACT_FIELDS}


class PhoneForm(FactsForm):
    unit = forms.ModelChoiceField(label="来电单位", queryset=None)
    title = forms.CharField(label="事件", max_length=200)
    caller = forms.CharField(label="来电人", max_length=50)
    called_at = moment("来电时间")
    summary = forms.CharField(label="电话报告内容", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "请选择"
        self.fields["learned_at"].required = False


class PenaltyForm(PlainTextForm, forms.Form):
    unit = forms.ModelChoiceField(label="责任单位", queryset=None)
    kind = forms.ChoiceField(
        label="类型",
        choices=[(k, label) for k, label in PenaltyKind.choices if k != PenaltyKind.LATE],
        help_text="迟报由系统按报送时限自动记录",
    )
    occurred_on = forms.DateField(label="发生日期", widget=forms.DateInput(attrs={"type": "date"}))
    learned_from = forms.ChoiceField(
        label="获知途径", choices=[c for c in LearnedFrom.choices if c[0] != LearnedFrom.SYSTEM]
    )
    serious_impact = forms.BooleanField(label="造成重大影响", required=False)
    description = forms.CharField(label="情况说明", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "请选择"


class RosterForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = DutyRoster
        fields = ["unit", "day", "leader", "officer", "phone"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"})}


class SpotCheckForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = SpotCheck
        fields = ["unit", "checked_at", "number", "answered", "answered_by", "notes"]
        widgets = {"checked_at": MinuteInput()}
