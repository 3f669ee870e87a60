from django import forms

from govdesk.items.forms import DeskFilterForm
from govdesk.publications.models import Publication

ITEMS, ISSUES = "items", "issues"


class SearchForm(DeskFilterForm):
    """The desk filters plus the publication an item was adopted by; or, in the scope
    of issue articles, the publication and the release dates."""

    scope = forms.ChoiceField(
        label="检索范围",
        required=False,
        choices=[(ITEMS, "报送信息"), (ISSUES, "刊物文章")],
        help_text="检索刊物文章时，按刊物和印发日期筛选",
    )
    publication = forms.ModelChoiceField(queryset=None, label="采用刊物", required=False)

    field_order = ["q", "scope", "unit", "kind", "state", "publication", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["urgency"]
        self.fields["q"].label = "检索词"
        self.fields["q"].widget.attrs.update(
            placeholder="如：防汛、疫情防控、单位名称", autofocus=True
        )
        self.fields["publication"].queryset = Publication.objects.select_related("office")
        self.fields["publication"].empty_label = "全部刊物"
