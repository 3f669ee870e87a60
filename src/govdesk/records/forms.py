from django import forms
from django.conf import settings

from govdesk.lib.text import PlainTextForm


class ImportForm(PlainTextForm, forms.Form):
    file = forms.FileField(
        label="往年台账（.xlsx 或 .csv）",
        help_text=f"请使用下载的模板填写，文件不超过 {settings.GOVDESK_IMPORT_MAX_MB} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("请上传 .xlsx 或 .csv 文件（旧版 .xls 请先另存为 .xlsx）。")
        return file


class ExportForm(forms.Form):
    office = forms.ModelChoiceField(label="办公室", queryset=None, empty_label="请选择")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
