"""The worker's queue takes alerts first: a burst of reports queues a search-index task
per report beside its alert, and the alert must not wait behind them (issue 14)."""

from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from govdesk.notifications import tasks
from govdesk.search import tasks as search_tasks


def test_a_delivery_queued_after_index_tasks_is_taken_first(tmp_path):
    queue = SqliteStorage("order", filename=str(tmp_path / "queue.sqlite3"))
    queued = [search_tasks.follow_item.s(n, "item.created") for n in (1, 2)]
    queued += [tasks.deliver.s(7, 8), search_tasks.follow_item.s(3, "item.created")]
    for task in queued:
        queue.enqueue(HUEY.serialize_task(task), task.priority)

    taken = []
    while (data := queue.dequeue()) is not None:
        task = HUEY.deserialize_task(data)
        taken.append((task.name, task.args))
    assert taken == [
        ("deliver", (7, 8)),
        ("follow_item", (1, "item.created")),
        ("follow_item", (2, "item.created")),
        ("follow_item", (3, "item.created")),
    ]
