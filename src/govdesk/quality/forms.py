from django import forms

from govdesk.lib.text import PlainTextForm
from govdesk.quality.models import Boilerplate, LexiconEntry


class BoilerplateForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = Boilerplate
        fields = ["phrase", "advice"]

    def validate_unique(self):
        """A phrase already listed is changed, not refused (``boilerplate_set``)."""


class LexiconForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = LexiconEntry
        fields = ["word", "severity", "reason"]

    def validate_unique(self):
        """A word already listed is changed, not refused (``lexicon_set``)."""
