from django import forms

from govdesk.accounts.models import Role
from govdesk.emergencies.alerting import SETTING_FIELDS, WEBHOOK_FIELDS, people
from govdesk.emergencies.models import AlertSettings
from govdesk.lib.text import PlainTextForm
from govdesk.notifications.models import Signature, Webhook
from govdesk.notifications.webhooks import EVENT_CHOICES


class AlertSettingsForm(PlainTextForm, forms.Form):
    """Whom an office alerts and how; people are chosen from the office's own."""

    leaders = forms.ModelMultipleChoiceField(
        label="同时提醒的领导",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="值班员之外，新的紧急信息立即提醒这些领导；无人确认升级时提醒本办全部领导",
    )
    duty_officers = forms.ModelMultipleChoiceField(
        label="提醒的值班员",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选则提醒本办全部值班员",
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = people(office, Role.LEADER)
        self.fields["duty_officers"].queryset = people(office, Role.DUTY)
        self.fields.update(forms.fields_for_model(AlertSettings, fields=SETTING_FIELDS))


class WebhookForm(PlainTextForm, forms.ModelForm):
    url = forms.URLField(
        label="地址",
        max_length=500,
        assume_scheme="https",
        help_text="钉钉或企业微信群机器人的地址（群设置 › 机器人 › 复制地址），"
        "或接收紧急信息的系统提供的推送地址",
    )

    events = forms.MultipleChoiceField(
        label="订阅事件",
        choices=EVENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="仅通用推送地址：发生所选事件时推送 JSON（格式见接口文档中的事件推送说明）",
    )

    class Meta:
        model = Webhook
        fields = list(WEBHOOK_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signature"].required = False  # only a push address with a secret signs

    def clean_signature(self):
        # Whether this server can sign with SM3 is ``alerting.webhook_save``'s check.
        return self.cleaned_data["signature"] or Signature.HMAC_SHA256
