"""Limits and checks on what people type, shared by every form, API schema and export.

The seeds ask for short items (DOMAIN.md §3: 及时、准确、简练), and the quality checks
expect at most 1,500 characters for a 动态 and 8,000 for the longest kind, a 调研
(``quality.checks.LENGTH_NORMS``). 20,000 characters is two and a half times that,
so no real report is refused, while a pasted book (or a 19 MB form body) is —
segmentation and near-duplicate signatures grow with the text.
"""

import re
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible

BODY_MAX = 20_000  # 正文, 批示, 落实情况, 说明 …: long free text
NOTE_MAX = 2_000  # reasons, notes and other one-paragraph text without a model limit
LINE_MAX = 200  # one-line text without a model limit (titles, names, keywords)
# ?page= numbers: 200 million rows at 200 a page, and the offset always fits a 64-bit integer.
MAX_PAGE = 1_000_000

# C0 and C1 control characters, DEL and the Unicode non-characters; tab, line feed and
# carriage return are part of plain text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
LENGTH_MESSAGE = "不能超过 %(limit_value)d 个字符（现有 %(show_value)d 个），请删减后重试。"
CONTROL_MESSAGE = "不能包含控制字符（如 NUL、退格等不可见字符），请删除后重试。"
# Spreadsheet programs run a cell starting with one of these as a formula (OWASP:
# CSV/formula injection); tab and carriage return start a formula after a paste.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def text_problem(label: str, value: str, max_length: int) -> str | None:
    """What is wrong with ``value`` as plain text of at most ``max_length`` characters."""
    if len(value) > max_length:
        return label + LENGTH_MESSAGE % {"limit_value": max_length, "show_value": len(value)}
    if has_control_characters(value):
        return label + CONTROL_MESSAGE
    return None


@deconstructible
class PlainTextValidator:
    """Refuses control characters: the one check behind the forms and the API."""

    message = CONTROL_MESSAGE
    code = "control_characters"

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainTextValidator)


validate_plain_text = PlainTextValidator()


class PlainTextForm:
    """Form mixin: every text field refuses control characters, and one without a
    length of its own gets ``BODY_MAX`` (multi-line) or ``LINE_MAX`` (one line)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            if field.max_length is None:
                field.max_length = BODY_MAX if multiline else LINE_MAX
                field.widget.attrs.update(field.widget_attrs(field.widget))
            if multiline:
                # A browser cuts a long paste at maxlength without a word; the server
                # refuses it with a message and gives the whole text back instead.
                field.widget.attrs.pop("maxlength", None)
            # Django's own wording ("确保该变量包含不超过…", "不允许是用空字符串") names no
            # field or misleads; ours covers both, NUL included.
            field.validators = [
                v
                for v in field.validators
                if not isinstance(v, MaxLengthValidator | ProhibitNullCharactersValidator)
            ]
            message = f"{field.label or '内容'}{LENGTH_MESSAGE}"
            field.validators += [
                MaxLengthValidator(field.max_length, message=message),
                validate_plain_text,
            ]


def spreadsheet_cell(value):
    """A value safe to write into an .xlsx cell: characters the format cannot hold are
    dropped and text that a spreadsheet would run as a formula is prefixed with ``'``."""
    if not isinstance(value, str):
        return value
    value = _not_in_xlsx().sub("", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


@cache
def _not_in_xlsx() -> re.Pattern:
    """openpyxl's pattern of the characters a cell cannot hold. Imported on first use:
    openpyxl takes 0.3 s of CPU to import, which every process would pay at start-up
    (this module is imported by every form)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE
