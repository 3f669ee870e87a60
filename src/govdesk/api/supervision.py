"""/api/items/{id}/annotations and /api/tasks: leaders' annotations (批示) and the
supervision (督办) they open. Writes call ``govdesk.annotations.services``."""

from django.http import FileResponse, Http404
from ninja import File, Form, Query, Router, UploadedFile
from ninja.pagination import paginate

from govdesk import policy
from govdesk.annotations import selectors, services
from govdesk.annotations.models import Annotation, Feedback, SupervisionTask
from govdesk.api.idempotent import DESCRIPTION as IDEMPOTENT
from govdesk.api.idempotent import create_once
from govdesk.api.items import visible_item
from govdesk.api.pagination import Pagination
from govdesk.api.schemas import bounded_text
from govdesk.api.supervision_schemas import (
    AnnotationIn,
    AnnotationOut,
    FeedbackOut,
    TaskDetailOut,
    TaskFilters,
    TaskOut,
)
from govdesk.lib.text import BODY_MAX

annotations = Router(tags=["领导批示"])
tasks = Router(tags=["批示督办"])

TASK_NOT_FOUND = "督办事项不存在，或您无权查看。"


def _annotation(user, annotation_id: int) -> Annotation:
    annotation = Annotation.objects.select_related("item__unit", "leader", "entered_by").get(
        pk=annotation_id
    )
    visible_item(user, annotation.item_id)
    return annotation


@annotations.get(
    "/{item_id}/annotations",
    response=list[AnnotationOut],
    summary="信息的领导批示",
    description="能查看该信息的用户可查看其批示及开启的督办事项，新批示在前。",
)
def annotation_list(request, item_id: int):
    item = visible_item(request.auth, item_id)
    return list(item.annotations.select_related("item__unit", "leader", "entered_by"))


@annotations.post(
    "/{item_id}/annotations",
    response={201: AnnotationOut},
    summary="批示",
    description=(
        "领导批示本办采用的信息，层级取自领导的任职；需办理落实时为承办单位开启督办，"
        "期限按工作日计算。本办编辑可代为录入纸质或上级领导的批示（on_behalf），"
        f"须填写领导姓名职务、层级和依据。{IDEMPOTENT}"
    ),
)
def annotation_create(request, item_id: int, payload: AnnotationIn):
    item = visible_item(request.auth, item_id)

    def create():
        annotation = services.annotation_create(
            actor=request.auth, item_id=item.pk, **payload.model_dump()
        )
        return _annotation(request.auth, annotation.pk)

    return create_once(request, create, lambda pk: _annotation(request.auth, pk))


def visible_task(user, task_id: int) -> SupervisionTask:
    task = policy.visible_tasks(user).filter(pk=task_id).first()
    if task is None:
        raise Http404(TASK_NOT_FOUND)
    return task


@tasks.get(
    "",
    response=list[TaskOut],
    summary="督办事项",
    description="本办督办的和本单位承办的督办事项，按期限排列；status 筛选未办结、逾期、已办结。",
)
@paginate(Pagination)
def task_list(request, filters: Query[TaskFilters]):
    return selectors.task_list(viewer=request.auth, status=filters.status)


@tasks.get("/{task_id}", response=TaskDetailOut, summary="督办详情")
def task_detail(request, task_id: int):
    """批示、期限、状态、反馈记录，以及当前用户可否反馈、办结。"""
    return visible_task(request.auth, task_id)


@tasks.post(
    "/{task_id}/feedback",
    response={201: FeedbackOut},
    summary="反馈落实情况",
    description=(
        "承办单位反馈落实情况：multipart/form-data，字段 text（必填）和 file（可选附件）。"
        f"{IDEMPOTENT}"
    ),
)
def feedback_create(
    request,
    task_id: int,
    text: Form[bounded_text(BODY_MAX)],
    file: File[UploadedFile | None] = None,
):
    task = visible_task(request.auth, task_id)
    return create_once(
        request,
        lambda: services.feedback_add(actor=request.auth, task_id=task.pk, text=text, upload=file),
        lambda pk: task.feedback.select_related("author").get(pk=pk),
    )


@tasks.get("/{task_id}/feedback/{feedback_id}/file", summary="下载反馈附件", response={200: None})
def feedback_file(request, task_id: int, feedback_id: int):
    task = visible_task(request.auth, task_id)
    feedback = Feedback.objects.filter(task=task, pk=feedback_id).exclude(file="").first()
    if feedback is None:
        raise Http404("附件不存在，或您无权查看。")
    return FileResponse(
        feedback.file.open("rb"), as_attachment=True, filename=feedback.original_name
    )


@tasks.post(
    "/{task_id}/close",
    response=TaskDetailOut,
    summary="办结",
    description="督办办公室在承办单位反馈后办结督办事项。",
)
def task_close(request, task_id: int):
    services.task_close(actor=request.auth, task_id=visible_task(request.auth, task_id).pk)
    return visible_task(request.auth, task_id)


@tasks.post(
    "/{task_id}/urge",
    response=TaskDetailOut,
    summary="催办",
    description="督办办公室在期限前催办，承办单位的信息员、审核人收到督办催办消息。",
)
def task_urge(request, task_id: int):
    services.task_urge(actor=request.auth, task_id=visible_task(request.auth, task_id).pk)
    return visible_task(request.auth, task_id)
