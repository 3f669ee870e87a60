"""Keep the search index and the duplicate signatures in step with the change log.
Deleted items drop out by cascade (and the FTS5 triggers follow on SQLite)."""

from govdesk.audit.dispatch import subscribe
from govdesk.items.models import Item
from govdesk.search import dedup, index

# Changes after which an item's text may differ (signatures follow these), and those
# that also change what else is indexed (attachment names). State changes need no
# re-indexing: filters read the item's own columns.
TEXT_CHANGES = {"item.created", "item.edited", "item.forward"}
INDEXED_CHANGES = TEXT_CHANGES | {"item.attachment_added", "item.attachment_removed"}


@subscribe("item.", after_commit=True)
def follow_item(change) -> None:
    if change.action not in INDEXED_CHANGES:
        return
    ids = [change.target_id]
    if change.action == "item.forward":
        ids += list(
            Item.objects.filter(forwarded_from_id=change.target_id).values_list("pk", flat=True)
        )
    for item in Item.objects.filter(pk__in=ids):
        index.index_item(item.pk)
        if change.action in TEXT_CHANGES:
            dedup.store(item)
