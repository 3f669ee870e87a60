from django import forms

from govdesk.items.forms import DeskFilterForm
from govdesk.publications.models import Publication


class SearchForm(DeskFilterForm):
    """The desk filters plus the publication an item was adopted by."""

    publication = forms.ModelChoiceField(queryset=None, label="采用刊物", required=False)

    field_order = ["q", "unit", "kind", "state", "publication", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["urgency"]
        self.fields["q"].label = "检索词"
        self.fields["q"].widget.attrs.update(
            placeholder="如：防汛、疫情防控、单位名称", autofocus=True
        )
        self.fields["publication"].queryset = Publication.objects.select_related("office")
        self.fields["publication"].empty_label = "全部刊物"
