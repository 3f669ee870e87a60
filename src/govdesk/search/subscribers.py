"""Keep the search index and the duplicate signatures in step with the change log.
Deleted items and removed issue articles drop out by cascade (and the FTS5 triggers
follow on SQLite)."""

from govdesk.audit.dispatch import subscribe
from govdesk.search import index, tasks
from govdesk.units.models import Unit

# Changes that also change what else is indexed (attachment names). State changes need
# no re-indexing: filters read the item's own columns.
INDEXED_CHANGES = tasks.TEXT_CHANGES | {"item.attachment_added", "item.attachment_removed"}
# An issue's articles change text when added or edited; a release gives the issue the
# number its articles are found by. Who may see an issue is read from the issue itself.
ISSUE_CHANGES = {"issue.entry_added", "issue.entry_edited", "issue.released"}
UNIT_NAMES = ("name", "short_name")


# Segmenting and signing take the CPU for a while on a long text: never in the request.
# The subscribers queue the work once the change has committed; the worker does it.


@subscribe("item.", after_commit=True)
def follow_item(change) -> None:
    if change.action in INDEXED_CHANGES:
        tasks.follow_item(change.target_id, change.action)


@subscribe("issue.", after_commit=True)
def follow_issue(change) -> None:
    if change.action in ISSUE_CHANGES:
        tasks.follow_issue(change.target_id)


@subscribe("unit.", after_commit=True)
def follow_unit(change) -> None:
    """A new or renamed unit's names join jieba's dictionary and the index follows (in
    the background for a rename)."""
    if change.action == "unit.created":
        index.learn_names(
            Unit.objects.filter(pk=change.target_id).values_list("name", "short_name").first() or ()
        )
        return
    changed = change.details.get("changes", {}) if change.action == "unit.changed" else {}
    names = [changed[field][1] for field in UNIT_NAMES if changed.get(field, [None, ""])[1]]
    if names:
        # The names are cut here, before this process learns them; the re-index (up
        # to thousands of items mentioning a name) is the worker's.
        tokens = index.rename_tokens(names)
        tasks.follow_rename(change.target_id, names, tokens)
