from django import forms

from govdesk.accounts.models import User
from govdesk.lib.text import PlainTextForm
from govdesk.publications import selectors
from govdesk.publications.services import distribution_overlap
from govdesk.units.models import Unit


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
