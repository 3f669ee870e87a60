"""The unit picker: many units as one collapsed line ("已选 3 个单位") that opens to a
searchable list (name, pinyin or initials), so a form with 50 units keeps its
submit button in view on a phone. Plain checkboxes inside <details>: it works
without script; govdesk.js adds the search, select-all and the live summary."""

from django import forms


class UnitPicker(forms.CheckboxSelectMultiple):
    template_name = "units/widgets/unit_picker.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        keys = [str(label)] + ([unit.name_pinyin, unit.name_initials] if unit else [])
        option["search"] = " ".join(keys).lower()
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = [
            option["label"]
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
            if option["selected"]
        ]
        context["widget"]["chosen"] = chosen
        return context
