"""Writes for the word lists the pre-submission checks use: stock phrases (套话) and
sensitive and classification words (敏感词、密级词). Kept by the offices' desks
(``words.manage``); every change is in the change log."""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from govdesk import policy
from govdesk.audit.services import model_diff, record
from govdesk.quality.models import Boilerplate, LexiconEntry

DENIED = "只有办公室的编辑和主编可以维护审核词表。"


@transaction.atomic
def _word_set(actor, model, key: str, value: str, **fields) -> models.Model:
    """Add the word, or change what is said about it when it is listed already."""
    policy.require_of(actor, "words.manage", None, DENIED)
    value = value.strip()
    if not value:
        raise ValidationError({key: "请填写词语。"})
    fields = {name: text.strip() for name, text in fields.items()}
    entry = model.objects.select_for_update().filter(**{key: value}).first()
    before = {name: getattr(entry, name) for name in fields} if entry else {}
    if entry is None:
        entry = model.objects.create(**{key: value}, **fields)
    else:
        model.objects.filter(pk=entry.pk).update(**fields)
        entry.refresh_from_db()
    changes = model_diff(before, {name: getattr(entry, name) for name in fields})
    if changes:
        record(
            actor=actor,
            action="words.set",
            target=entry,
            summary=f"{'修改' if before else '新增'}{model._meta.verbose_name}“{value}”",
            changes=changes,
        )
    return entry


def boilerplate_set(*, actor, phrase: str, advice: str = "") -> Boilerplate:
    return _word_set(actor, Boilerplate, "phrase", phrase, advice=advice)


def lexicon_set(*, actor, word: str, severity: str, reason: str) -> LexiconEntry:
    return _word_set(actor, LexiconEntry, "word", word, severity=severity, reason=reason)


@transaction.atomic
def word_delete(*, actor, entry: Boilerplate | LexiconEntry) -> None:
    policy.require_of(actor, "words.manage", None, DENIED)
    record(
        actor=actor,
        action="words.deleted",
        target=entry,
        summary=f"删除{entry._meta.verbose_name}“{entry}”",
    )
    entry.delete()
