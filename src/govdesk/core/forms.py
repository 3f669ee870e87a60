"""The one typed text (a reason, a note) that goes with an action button on a page.

Read through a form rather than from ``request.POST``, the text is bounded like the
column it is stored in and refused with a Chinese message naming the limit, before the
database refuses it (a 422 page on PostgreSQL) or a service cuts it short; the view
then shows its page again with the message and the text as typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from govdesk.lib.text import PlainTextForm


def text_form(name: str, label: str, max_length: int) -> type[forms.Form]:
    """A form of one text field. Empty is allowed here: whether the action needs the
    text is the service's rule, with its own message."""
    field = forms.CharField(label=label, max_length=max_length, required=False)
    return type(f"{name.title()}Form", (PlainTextForm, forms.Form), {name: field})


def column_form(model: type[models.Model], name: str, label: str) -> type[forms.Form]:
    """``text_form`` for the model field the text is stored in, with its length."""
    return text_form(name, label, model._meta.get_field(name).max_length)


def typed_text(form_class: type[forms.Form], data, name: str) -> str:
    """The cleaned text, or a ValidationError with the form's messages."""
    form = form_class(data)
    if not form.is_valid():
        raise ValidationError(form.errors[name])
    return form.cleaned_data[name]
