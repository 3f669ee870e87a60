from django import forms

from govdesk.lib.text import PlainTextForm
from govdesk.publications.models import AdoptionKind, Publication


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
