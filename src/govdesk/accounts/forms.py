from django import forms

from govdesk.lib.text import PlainTextForm

MAX_SHEET_MB = 5


class IssueForm(PlainTextForm, forms.Form):
    file = forms.FileField(
        label="开通账号表（.xlsx）",
        help_text=f"请使用下载的模板填写，文件不超过 {MAX_SHEET_MB} MB。",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "请上传 .xlsx 格式的 Excel 文件（旧版 .xls 请先另存为 .xlsx）。"
            )
        if file.size > MAX_SHEET_MB * 1024 * 1024:
            raise forms.ValidationError(f"文件超过 {MAX_SHEET_MB} MB，请分成几张表上传。")
        return file
