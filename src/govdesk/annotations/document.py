"""The printed supervision sheet (督办单) of one supervision task: a GB/T 9704 document
(govdesk.lib.officialdoc) carrying the leader's annotation to the responsible unit
with its deadline, and the feedback so far."""

from django.utils import timezone

from govdesk.annotations.models import SupervisionTask
from govdesk.core.calendar import workdays_between
from govdesk.lib import clock
from govdesk.lib.officialdoc import (
    body,
    chinese_date,
    close_official,
    field_table,
    official_document,
)

TITLE = "领导批示督办单"


def _feedback_lines(task: SupervisionTask) -> str:
    lines = [
        f"{chinese_date(timezone.localdate(f.created_at))} {f.author.full_name or f.author}："
        f"{' '.join(f.text.split())}"
        for f in task.feedback.select_related("author")
    ]
    return "\n".join(lines) or "尚未反馈。"


def supervision_docx(task: SupervisionTask, *, doc_number: str = "") -> bytes:
    """The sheet the office sends the responsible unit; ``doc_number`` (督办文号) is
    printed over the red rule when the office gives one."""
    annotation, office = task.annotation, task.office.name
    annotated = timezone.localdate(annotation.annotated_at)
    deadline = chinese_date(task.deadline)
    workdays = workdays_between(annotated, task.deadline)
    doc = official_document(
        office=office, doc_number=doc_number, title=TITLE, addressee=f"{task.unit.name}："
    )
    body(
        doc,
        [
            f"{annotation.leader_name}对《{annotation.item.title}》作出批示，现转你单位办理。"
            f"请认真抓好落实，于{deadline}前将办理情况反馈{office}。"
        ],
    )
    limit = f"{deadline}前（{workdays}个工作日）"
    if task.deadline_estimated:
        limit += "\n该年度法定节假日尚未录入，期限暂按周一至周五推算。"
    field_table(
        doc,
        [
            ("信息标题", annotation.item.title),
            ("批示领导", f"{annotation.leader_name}（{annotation.get_leader_level_display()}）"),
            ("批示时间", chinese_date(annotated)),
            ("批示内容", annotation.text),
            ("承办单位", task.unit.name),
            ("办理期限", limit),
            ("办理状态", task.get_state_display()),
            ("落实反馈", _feedback_lines(task)),
        ],
    )
    opened = chinese_date(timezone.localdate(task.opened_at))
    today = chinese_date(timezone.localdate(clock.now()))
    return close_official(doc, office=office, written=opened, printed=today)
