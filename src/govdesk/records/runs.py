"""Records imports through the worker (the 往年台账导入 page): the uploaded file is kept
on an ``ImportRun``, checked by the worker (a dry run), and, once the person confirms,
applied by the worker all or nothing. Every change of a run's state is in the change
log. A worker that dies mid-run leaves its run in a running state and, the apply being
one transaction, nothing of it in the database; ``import_runs_recover`` queues such a
run again once, then marks it failed."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from govdesk import policy
from govdesk.audit.services import record
from govdesk.lib import clock
from govdesk.records.models import RUNNING_STATES, ImportRun, RunState
from govdesk.records.services import records_import

logger = logging.getLogger(__name__)
# A run interrupted this many times is given up as failed rather than queued again.
MAX_ATTEMPTS = 2
NEXT = {  # queued state -> (running state, what the worker does)
    RunState.QUEUED: (RunState.CHECKING, "检查"),
    RunState.APPLY_QUEUED: (RunState.APPLYING, "导入"),
}
QUEUED_AGAIN = {RunState.CHECKING: RunState.QUEUED, RunState.APPLYING: RunState.APPLY_QUEUED}


class Superseded(Exception):
    """This worker's claim on the run was taken over by a retry: its apply rolls back."""


def _about(run: ImportRun, summary: str) -> dict:
    """The change-log entry's target and details for a run in its current state."""
    return {
        "target": run,
        "summary": f"往年台账“{run.file_name}”：{summary}",
        "owner": run.created_by_id,
        "state": run.state,
        "attempt": run.attempt,
    }


def _enqueue(run: ImportRun) -> None:
    from govdesk.records.tasks import import_run_task  # tasks import this module

    transaction.on_commit(lambda: import_run_task(run.pk))


def import_run_create(*, actor, file) -> ImportRun:
    """Keep the uploaded ``file`` and queue its check (a dry run) for the worker."""
    if not policy.shows_page(actor, "page.records"):
        raise PermissionDenied("只有管理员可以导入往年台账。")
    run = ImportRun(created_by=actor, file_name=file.name[:200])
    run.file.save(file.name, file, save=False)
    run.save()
    record(actor=actor, action="records.run_uploaded", **_about(run, "已上传，排队等待检查"))
    _enqueue(run)
    return run


def import_run_apply(*, actor, run: ImportRun) -> ImportRun:
    """The person confirms a checked run: the worker applies it, all or nothing, with
    the rights of the person who uploaded it."""
    if run.created_by_id != actor.pk:
        raise PermissionDenied("只有上传人可以确认导入。")
    claimed = ImportRun.objects.filter(pk=run.pk, state=RunState.CHECKED).update(
        state=RunState.APPLY_QUEUED,
        finished_at=None,
        attempt=0,  # the apply's own claims
    )
    if not claimed:
        raise ValueError("只有检查通过、尚未导入的台账可以确认导入。")
    run.refresh_from_db()
    record(
        actor=actor, action="records.run_apply_requested", **_about(run, "已确认导入，排队等待导入")
    )
    _enqueue(run)
    return run


def import_run_work(*, run_id: int) -> ImportRun | None:
    """The worker's part: check or apply the queued run; None when it is not queued
    (another worker has it, or it is done)."""
    run = ImportRun.objects.select_related("created_by").filter(pk=run_id).first()
    if run is None or run.state not in NEXT:
        return None
    running, doing = NEXT[run.state]
    claimed = ImportRun.objects.filter(pk=run.pk, state=run.state).update(
        state=running, attempt=F("attempt") + 1, started_at=clock.now()
    )
    if not claimed:
        return None
    run.refresh_from_db()
    record(
        actor=None,
        action="records.run_started",
        **_about(run, f"后台开始{doing}（第 {run.attempt} 次）"),
    )
    apply = running == RunState.APPLYING
    try:
        with transaction.atomic():  # the apply and the run's 已导入 commit together
            with run.file.open("rb") as file:
                report = records_import(
                    actor=run.created_by, files=[(run.file_name, file)], apply=apply
                )
            run.problems = [[p.sheet, p.row, p.column, p.message] for p in report.problems]
            run.counts = report.counts
            run.batch = report.batch
            run.state = (
                RunState.PROBLEMS
                if report.problems
                else RunState.APPLIED
                if apply
                else RunState.CHECKED
            )
            run.finished_at = clock.now()
            fields = ["problems", "counts", "batch", "state", "finished_at"]
            # Still ours: a retry after a lost lease has not taken the run over.
            if not ImportRun.objects.filter(pk=run.pk, state=running, attempt=run.attempt).update(
                **{name: getattr(run, name) for name in fields}
            ):
                raise Superseded
            if run.problems:
                found = f"发现 {len(run.problems)} 处问题，未导入任何记录"
                record(actor=None, action="records.run_checked", **_about(run, found))
            elif apply:
                record(
                    actor=None,
                    action="records.run_applied",
                    **_about(run, f"已导入：{run.summary}"),
                )
            else:
                record(
                    actor=None,
                    action="records.run_checked",
                    **_about(run, f"检查通过，将新增：{run.summary}"),
                )
    except Superseded:
        return None
    except Exception as exc:  # the owner sees why; the worker goes on
        logger.exception("records import run %s failed", run.pk)
        _fail(run, f"{doing}时出错：{exc}"[:300])
    return run


def _fail(run: ImportRun, error: str) -> None:
    run.state, run.error, run.finished_at = RunState.FAILED, error, clock.now()
    run.save(update_fields=["state", "error", "finished_at"])
    record(
        actor=None,
        action="records.run_failed",
        **_about(run, f"处理失败，未导入任何记录（{error}）"),
    )


def import_runs_recover() -> int:
    """Runs held past ``GOVDESK_IMPORT_LEASE_MINUTES`` have lost their worker: queue
    each again, or, after ``MAX_ATTEMPTS``, mark it failed. Returns how many."""
    lease = timedelta(minutes=settings.GOVDESK_IMPORT_LEASE_MINUTES)
    stale = ImportRun.objects.filter(state__in=RUNNING_STATES, started_at__lt=clock.now() - lease)
    found = 0
    for run in stale:
        if run.attempt >= MAX_ATTEMPTS:
            _fail(run, f"后台处理 {run.attempt} 次均中断")
            found += 1
            continue
        queued = QUEUED_AGAIN[run.state]
        if ImportRun.objects.filter(pk=run.pk, attempt=run.attempt, state=run.state).update(
            state=queued
        ):
            run.state = queued
            record(
                actor=None,
                action="records.run_requeued",
                **_about(run, "后台处理中断，已重新排队，此前的处理未留下任何记录"),
            )
            _enqueue(run)
            found += 1
    return found
