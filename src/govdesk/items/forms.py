from django import forms
from django.db.models import Q

from govdesk.accounts.models import User
from govdesk.core.forms import text_form
from govdesk.items.models import Item, ItemKind, State, Urgency
from govdesk.items.services import CREDIT_FIELDS, EDITABLE_FIELDS
from govdesk.lib.text import NOTE_MAX, PlainTextForm
from govdesk.publications.models import AdoptionKind, Column, Publication


def _unit_people(unit):
    if unit is None:
        return User.objects.none()
    return User.objects.filter(memberships__unit=unit, memberships__is_active=True).distinct()


class ItemForm(PlainTextForm, forms.ModelForm):
    """The item's editable fields; the services decide whether a save is allowed. The
    credit fields (执笔人、联系电话、作者) are there only while the item is being written
    (``credit=True``); afterwards they change through ``CreditForm`` alone."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label="修改说明",
        required=False,
        max_length=200,
        help_text="编辑修改时填写，记入版本历史。",
    )

    class Meta:
        model = Item
        fields = [*EDITABLE_FIELDS, *CREDIT_FIELDS, "authors"]
        widgets = {
            "title": forms.TextInput(attrs={"placeholder": "一事一报，标题概括主要内容"}),
            "body": forms.Textarea(
                attrs={"placeholder": "时间、地点、主体、事件、数据等要素齐全；正文形式报送。"}
            ),
            "topics": forms.TextInput(attrs={"placeholder": "多个主题词用空格分隔"}),
            "authors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, unit=None, credit=False, **kwargs):
        super().__init__(*args, **kwargs)
        unit = unit or (self.instance.unit if self.instance.pk else None)
        self.credit = credit
        if credit:
            self.fields["authors"].queryset = _unit_people(unit)
            self.fields["authors"].required = False
        else:
            for name in (*CREDIT_FIELDS, "authors"):
                del self.fields[name]
        self.fields["body"].required = False
        self.fields["classification"].help_text = "只能报送非涉密信息（涉密信息不上网）。"
        if self.instance.kind != ItemKind.EMERGENCY:
            # Emergencies are filed through their own form, which opens the event,
            # sets its deadline and alerts the duty officers.
            self.fields["kind"].choices = [
                c for c in self.fields["kind"].choices if c[0] != ItemKind.EMERGENCY
            ]
            self.fields["kind"].help_text = "紧急信息请通过“报送紧急信息”报送。"


class CreditForm(PlainTextForm, forms.Form):
    """更改署名: an explicit action of the unit's own writers and reviewers."""

    writer = forms.CharField(label="执笔人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    authors = forms.ModelMultipleChoiceField(
        label="作者", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label="更改原因",
        max_length=200,
        required=False,
        help_text="记入办理记录，例如“补记合写人”。",
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        # Authors who have since left the unit stay choosable, so saving keeps them.
        people = User.objects.filter(
            Q(memberships__unit=item.unit, memberships__is_active=True) | Q(authored_items=item)
        )
        self.fields["authors"].queryset = people.distinct().order_by("pk")
        self.fields["authors"].error_messages["required"] = "请至少选择一位作者。"


class UnitChoiceForm(PlainTextForm, forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="报送单位", empty_label=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AdoptForm(PlainTextForm, forms.Form):
    target = forms.ChoiceField(label="刊物与栏目")
    kind = forms.ChoiceField(label="采用类型", choices=AdoptionKind.choices)
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets: dict[str, tuple[Publication, Column | None]] = {}
        groups = []
        for publication in Publication.objects.filter(office=office, is_active=True):
            columns = list(publication.columns.filter(is_active=True))
            options = []
            for column in columns or [None]:
                key = f"{publication.pk}:{column.pk if column else ''}"
                self.targets[key] = (publication, column)
                options.append((key, column.name if column else f"{publication}（不分栏目）"))
            groups.append((str(publication), options))
        self.fields["target"].choices = groups

    def kind_choices_for(self, key: str) -> list[tuple[str, str]]:
        publication, column = self.targets.get(key, (None, None))
        if publication is None:
            return []
        return (column or publication).kind_choices()

    def clean(self):
        data = super().clean()
        if "target" in data:
            data["publication"], data["column"] = self.targets[data["target"]]
        return data


class DeskFilterForm(PlainTextForm, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    unit = forms.ModelChoiceField(queryset=None, label="报送单位", required=False)
    kind = forms.ChoiceField(label="类型", required=False)
    urgency = forms.ChoiceField(label="时效", required=False)
    state = forms.ChoiceField(label="状态", required=False)
    date_from = forms.DateField(
        label="报送起", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="报送止", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, units, states=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "全部单位"
        self.fields["kind"].choices = [("", "全部类型"), *ItemKind.choices]
        self.fields["urgency"].choices = [("", "全部时效"), *Urgency.choices]
        self.fields["state"].choices = states or [("", "全部状态"), *State.choices]

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}


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


# 退回、不予采用、撤销 reasons: the item's reason columns (``NOTE_MAX``).
ReasonForm = text_form("reason", "原因", NOTE_MAX)
# 转报说明: kept in the change log's details; a line, like the API's ``ForwardIn.note``.
ForwardNote = text_form("note", "转报说明", 200)
