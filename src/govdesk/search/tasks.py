"""Background work of the search app (huey, run by ``govdesk run_huey``)."""

from huey.contrib.djhuey import db_task

from govdesk.search import index


@db_task()
def follow_rename(unit_id: int, names: list[str], tokens: list[list[str]]) -> None:
    """Re-index what a unit's new names change (see ``index.reindex_renamed``): with
    thousands of items mentioning a name this must not hold the web request."""
    index.reindex_renamed(unit_id=unit_id, names=names, tokens=tokens)
