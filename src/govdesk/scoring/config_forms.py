"""Forms of the scheme settings page: the settings as people enter them (four quarter
shares, publication names separated by 、), turned into the values the services
take (``scheme_update``, ``target_add`` …), which check them again for the API."""

import re
from decimal import Decimal

from django import forms

from govdesk.lib.text import PlainTextForm
from govdesk.publications.models import AdoptionKind
from govdesk.scoring import services
from govdesk.scoring.models import Scheme, Target
from govdesk.units.models import UnitKind

QUARTERS = ("一季度", "二季度", "三季度", "四季度")
PLAIN_SETTINGS = [
    f for f in services.SCHEME_SETTINGS if f not in ("quarter_shares", "mandatory_publications")
]


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class SchemeSettingsForm(PlainTextForm, forms.Form):
    """A scheme's settings; ``changes()`` gives what differs from the scheme."""

    def __init__(self, *args, scheme: Scheme, **kwargs):
        self.scheme = scheme
        shares = scheme.quarter_shares or [None] * 4
        initial = {name: getattr(scheme, name) for name in PLAIN_SETTINGS}
        initial.update({f"q{n}": share for n, share in enumerate(shares, 1)})
        initial["publications"] = "、".join(scheme.mandatory_publications)
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(forms.fields_for_model(Scheme, fields=PLAIN_SETTINGS))
        for n, label in enumerate(QUARTERS, 1):
            self.fields[f"q{n}"] = forms.DecimalField(
                label=f"{label}（%）",
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
            )
        self.fields["publications"] = forms.CharField(
            label="必采刊物",
            required=False,
            max_length=500,
            help_text="每个单位全年须至少被其中一种刊物采用1条；多种刊物用顿号分隔，如：专报信息、工作交流",
        )

    def quarter_fields(self) -> list:
        return [self[f"q{n}"] for n in range(1, 5)]

    def other_fields(self) -> list:
        return [field for field in self if not field.name[1:].isdigit()]

    def clean(self):
        cleaned = super().clean()
        shares = [cleaned.get(f"q{n}") for n in range(1, 5)]
        if any(f"q{n}" in self.errors for n in range(1, 5)):
            return cleaned
        if all(s is None for s in shares):
            cleaned["quarter_shares"] = []
        elif any(s is None for s in shares):
            self.add_error("q1", "请填写全部四个季度的比例；不分季度考核请全部留空。")
        elif sum(shares) != 100:
            self.add_error("q1", f"四个季度合计须为100%，现为{_number(sum(shares))}%。")
        else:
            cleaned["quarter_shares"] = [_number(s) for s in shares]
        names = re.split(r"[、，,；;\s]+", cleaned.get("publications", ""))
        cleaned["mandatory_publications"] = [n.strip("《》") for n in names if n.strip("《》")]
        return cleaned

    def changes(self) -> dict:
        values = {name: self.cleaned_data[name] for name in services.SCHEME_SETTINGS}
        return {k: v for k, v in values.items() if v != getattr(self.scheme, k)}


class TargetForm(PlainTextForm, forms.Form):
    """One row of the targets table; a blank kind or category applies to every unit."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Target, fields=services.TARGET_FIELDS))
        self.fields["unit_kind"].choices = [("", "全部类型"), *UnitKind.choices]
        self.fields["category"].help_text = "如 A、B；留空为不分类别"


TargetFormSet = forms.formset_factory(TargetForm, extra=1, can_delete=True)


def points_text(value: Decimal) -> str:
    """Points as people write them: 7, 8.5, -10."""
    return str(int(value)) if value == value.to_integral_value() else f"{value:.1f}"


def rule_conditions(rule) -> str:
    """When a rule applies, in words: 县级《快讯》“工作简况”栏目 综合信息; 不限 when it
    matches every event of its kind."""
    parts = []
    if rule.level:
        parts.append(rule.get_level_display())
    if rule.publication:
        parts.append(f"《{rule.publication}》")
    if rule.column:
        parts.append(f"“{rule.column}”栏目")
    if rule.adoption_kind:
        parts.append(f"{AdoptionKind(rule.adoption_kind).label}信息")
    if rule.penalty_kind:
        parts.append(rule.get_penalty_kind_display())
    if rule.serious_only:
        parts.append("造成重大影响的")
    return " ".join(parts) or "不限"


class RulePointsForm(forms.Form):
    """The points of a scheme's rules, one field per rule (``points-<id>``); deductions
    are entered as negative numbers, as the rules store them."""

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = list(rules)
        for rule in self.rules:
            self.fields[f"points-{rule.pk}"] = forms.DecimalField(
                label=rule.label,
                initial=rule.points,
                max_digits=8,
                decimal_places=1,
                min_value=-9999,
                max_value=9999,
                error_messages={
                    "required": f"请填写“{rule.label}”的分值。",
                    "invalid": f"“{rule.label}”的分值须为数字，如 3 或 -10。",
                    "max_decimal_places": f"“{rule.label}”的分值最多保留1位小数。",
                    "min_value": f"“{rule.label}”的分值不能低于 -9999。",
                    "max_value": f"“{rule.label}”的分值不能高于 9999。",
                },
                widget=forms.NumberInput(
                    attrs={"step": "0.1", "inputmode": "decimal", "aria-label": f"{rule.label}分值"}
                ),
            )

    def rows(self) -> list[tuple]:
        """(rule, its conditions in words, its points field), in the scheme's order."""
        return [(r, rule_conditions(r), self[f"points-{r.pk}"]) for r in self.rules]

    def changes(self) -> list[tuple]:
        """(rule, old points, new points) for each rule whose points differ."""
        out = []
        for rule in self.rules:
            value = self.cleaned_data[f"points-{rule.pk}"]
            if value != rule.points:
                out.append((rule, rule.points, value))
        return out
