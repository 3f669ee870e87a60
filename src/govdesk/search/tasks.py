"""Background work of the search app (huey, run by ``govdesk run_huey``)."""

from huey.contrib.djhuey import db_task

from govdesk.items.models import Item
from govdesk.search import dedup, index

# Changes after which an item's text may differ: its duplicate signature follows these.
TEXT_CHANGES = {"item.created", "item.edited", "item.forward"}


@db_task()
def follow_rename(unit_id: int, names: list[str], tokens: list[list[str]]) -> None:
    """Re-index what a unit's new names change (see ``index.reindex_renamed``): with
    thousands of items mentioning a name this must not hold the web request."""
    index.reindex_renamed(unit_id=unit_id, names=names, tokens=tokens)


@db_task()
def follow_item(item_id: int, action: str) -> None:
    """Index an item after a change (and its forwarded copies after a forward), and
    store its duplicate signature when its text may have changed."""
    ids = [item_id]
    if action == "item.forward":
        ids += list(Item.objects.filter(forwarded_from_id=item_id).values_list("pk", flat=True))
    for item in Item.objects.filter(pk__in=ids):
        index.index_item(item.pk)
        if action in TEXT_CHANGES:
            dedup.store(item)


@db_task()
def follow_issue(issue_id: int) -> None:
    index.index_issue(issue_id)
