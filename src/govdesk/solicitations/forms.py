from django import forms

from govdesk.lib.text import PlainTextForm
from govdesk.solicitations.models import KeyPointKind


class SolicitationForm(PlainTextForm, forms.Form):
    topic = forms.CharField(label="主题", max_length=200)
    requirements = forms.CharField(label="要求", widget=forms.Textarea, required=False)
    deadline = forms.DateTimeField(
        label="截止时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    units = forms.ModelMultipleChoiceField(
        label="约稿单位", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class KeyPointForm(PlainTextForm, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=KeyPointKind.choices)
    title = forms.CharField(label="要点", max_length=200)
    description = forms.CharField(label="说明", widget=forms.Textarea, required=False)
    starts_on = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))
