from django.db import IntegrityError, transaction

from govdesk import policy
from govdesk.audit.services import record
from govdesk.items.models import Item
from govdesk.search.models import NotDuplicate


@transaction.atomic
def not_duplicate_mark(*, actor, first_id: int, second_id: int) -> NotDuplicate:
    """An editor's decision that two similar items are not duplicates; it sticks."""
    first_id, second_id = sorted((int(first_id), int(second_id)))
    first, second = Item.objects.get(pk=first_id), Item.objects.get(pk=second_id)
    for item in (first, second):
        policy.require(actor, "item.adopt", item)
    try:
        with transaction.atomic():
            mark = NotDuplicate.objects.create(first=first, second=second, marked_by=actor)
    except IntegrityError:
        return NotDuplicate.objects.get(first=first, second=second)
    record(
        actor=actor,
        action="search.not_duplicate",
        target=first,
        summary=f"标记《{first.title}》与《{second.title}》不是重复信息",
        other_item=second.pk,
    )
    return mark
