from django.contrib.contenttypes.models import ContentType
from django.db import models

from govdesk.audit.dispatch import dispatch
from govdesk.audit.models import Change


def record(*, actor, action: str, target: models.Model, summary: str, **details) -> Change:
    """Append one line to the change log and tell its subscribers (see ``dispatch``).
    ``details`` must be JSON-serialisable."""
    change = Change.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
        summary=summary[:500],
        details=details,
    )
    dispatch(change)
    return change


def history_of(target: models.Model):
    """The change log of one object, oldest first."""
    return (
        Change.objects.filter(
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
            target_id=target.pk,
        )
        .select_related("actor")
        .order_by("at", "id")
    )


def model_diff(before: dict, after: dict) -> dict:
    """Fields whose values differ, as {field: [before, after]}."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
