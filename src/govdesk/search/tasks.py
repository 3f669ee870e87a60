"""Background work of the search app (huey, run by ``govdesk run_huey``)."""

from django.db.models import Exists, OuterRef
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from govdesk.items.models import Item
from govdesk.lib import segment
from govdesk.search import index
from govdesk.search.models import SearchDoc, Signature

# Changes after which an item's text may differ: its duplicate signature follows these.
TEXT_CHANGES = {"item.created", "item.edited", "item.forward"}
# Items the sweep catches up on per run.
SWEEP_BATCH = 500


@on_startup()
def load_libraries() -> None:
    """The worker segments and signs every changed item: jieba's dictionary and
    datasketch are loaded as it starts (a second of CPU), not in the first task."""
    from govdesk.search import dedup  # numpy and datasketch: not at start-up (docs/testing.md)

    segment.tokenizer()
    dedup.minhash()


@db_task()
def follow_rename(unit_id: int, names: list[str], tokens: list[list[str]]) -> None:
    """Re-index what a unit's new names change (see ``index.reindex_renamed``): with
    thousands of items mentioning a name this must not hold the web request."""
    index.reindex_renamed(unit_id=unit_id, names=names, tokens=tokens)


@db_task()
def follow_item(item_id: int, action: str) -> None:
    """Index an item after a change (and its forwarded copies after a forward), and
    store its duplicate signature when its text may have changed."""
    from govdesk.search import dedup  # loaded by load_libraries as the worker starts

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


@db_periodic_task(crontab(minute="*/10"))
def sweep() -> None:
    """Index and sign the items that have no entry: their task was lost with a killed
    worker (huey hands a task over before running it) or with a full queue store."""
    missing = Item.objects.filter(
        ~Exists(SearchDoc.objects.filter(item_id=OuterRef("pk")))
        | ~Exists(Signature.objects.filter(item_id=OuterRef("pk")))
    )
    for item_id in missing.order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH]:
        follow_item.call_local(item_id, "item.created")
