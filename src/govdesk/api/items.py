"""/api/items: the reporting workflow. Every write is a call to a service in
``govdesk.items.services``; every read starts from ``policy.visible_items``."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from ninja import File, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from govdesk.api.idempotent import DESCRIPTION as IDEMPOTENT
from govdesk.api.idempotent import create_once
from govdesk.api.pagination import Pagination
from govdesk.api.queries import NO_LISTS, list_flags, with_user_refs
from govdesk.api.schemas import (
    ACTION_LEGEND,
    ActionName,
    AdoptIn,
    AdoptionOut,
    AttachmentOut,
    CreditIn,
    ForwardIn,
    ItemCreateIn,
    ItemDetailOut,
    ItemFilters,
    ItemOut,
    ItemUpdateIn,
    ReasonIn,
)
from govdesk.items import attachments, selectors, services
from govdesk.items.models import Attachment, Item
from govdesk.lib.orm import first_row
from govdesk.publications.models import Column, Publication
from govdesk.units.models import Unit

router = Router(tags=["报送信息"])

ITEM_NOT_FOUND = "信息不存在，或您无权查看。"
_INPUT_ONLY = {"unit", "author_ids", "revision", "note"}


def visible_item(user, item_id: int) -> Item:
    item = first_row(
        with_user_refs(
            selectors.item_list(viewer=user), "created_by", "reviewer", "locked_by"
        ).filter(pk=item_id)
    )
    if item is None:
        raise Http404(ITEM_NOT_FOUND)
    item.__dict__.update(list_flags(item.pk))
    return item


def visible_pk(user, item_id: int) -> int:
    """``visible_item``'s check without loading the item, for a service that loads it
    (locked) itself."""
    if not selectors.item_list(viewer=user).filter(pk=item_id).exists():
        raise Http404(ITEM_NOT_FOUND)
    return item_id


def _author_ids(payload) -> list[int] | None:
    """None when the client did not send authors (keep them); the service checks them."""
    if "author_ids" not in payload.model_fields_set or payload.author_ids is None:
        return None
    return sorted(set(payload.author_ids))


def _fields(payload) -> dict:
    return payload.model_dump(mode="json", exclude_unset=True, exclude=_INPUT_ONLY)


@router.get(
    "",
    response=list[ItemOut],
    summary="信息列表",
    description="当前用户有权查看的报送信息，按更新时间倒序；可按单位、类型、时效、状态、日期和关键词筛选。",
)
@paginate(Pagination)
def item_list(request, filters: Query[ItemFilters]):
    wanted = filters.model_dump(exclude_none=True)
    return with_user_refs(
        selectors.item_list(viewer=request.auth, filters=wanted), "created_by", "reviewer"
    )


@router.post(
    "",
    response={201: ItemDetailOut},
    summary="起草信息",
    description=f"为本人可代为报送的单位起草一条信息（状态为草稿）。密级只能为非涉密。{IDEMPOTENT}",
)
def item_create(request, payload: ItemCreateIn):
    unit = first_row(Unit.objects.filter(pk=payload.unit, is_active=True))
    if unit is None:
        raise ValidationError({"unit": "报送单位不存在或已停用。"})
    return create_once(
        request,
        lambda: _create(request, unit, payload),
        lambda pk: visible_item(request.auth, pk),
    )


def _create(request, unit: Unit, payload) -> Item:
    """The new item as the service built it: unit, office and creator are the objects
    it was given, and nobody else can have changed it yet. Reading it again would be
    one more wide query inside the transaction, while it holds the change log's chain
    (``audit.services.record``) that every writer waits for."""
    item = services.item_create(
        actor=request.auth,
        unit=unit,
        fields=_fields(payload),
        author_ids=_author_ids(payload),
    )
    # Adopted, attached to or versioned only once it exists for others.
    item.__dict__.update(NO_LISTS)
    return item


@router.get("/{item_id}", response=ItemDetailOut, summary="信息详情")
def item_detail(request, item_id: int):
    """正文、作者、采用记录、附件、版本、操作记录，以及当前用户可执行的操作。"""
    return visible_item(request.auth, item_id)


@router.patch(
    "/{item_id}",
    response=ItemDetailOut,
    summary="修改信息",
    description=(
        "只修改请求中出现的字段。须提交读取时的 revision；信息已被他人修改或正在由他人编辑时"
        "返回 409，您的内容不会被保存，请重新读取后再提交。"
    ),
)
def item_update(request, item_id: int, payload: ItemUpdateIn):
    services.item_update(
        item_id=visible_pk(request.auth, item_id),
        actor=request.auth,
        fields=_fields(payload),
        revision=payload.revision,
        note=payload.note,
    )
    return visible_item(request.auth, item_id)


@router.post(
    "/{item_id}/credit",
    response=ItemDetailOut,
    summary="更改署名",
    description=(
        "更改执笔人、联系电话和作者。只有报送单位的信息员和审核人可以更改，"
        "更改前后的署名记入操作记录；修改信息（PATCH）不会改变署名。"
    ),
)
def item_credit(request, item_id: int, payload: CreditIn):
    services.item_credit_change(
        item_id=visible_pk(request.auth, item_id),
        actor=request.auth,
        writer=payload.writer,
        contact_phone=payload.contact_phone,
        author_ids=payload.author_ids,
        reason=payload.reason,
    )
    return visible_item(request.auth, item_id)


@router.post(
    "/{item_id}/actions/{action}",
    response=ItemDetailOut,
    summary="流转操作",
    description=(
        f"操作：{ACTION_LEGEND}。状态不允许该操作时返回 409；"
        "退回修改须填写原因。采用和转报请使用各自的接口。"
    ),
)
def item_action(request, item_id: int, action: ActionName, payload: ReasonIn | None = None):
    services.item_transition(
        item_id=visible_pk(request.auth, item_id),
        action=action,
        actor=request.auth,
        reason=payload.reason if payload else "",
    )
    return visible_item(request.auth, item_id)


@router.post(
    "/{item_id}/adopt",
    response={201: AdoptionOut},
    summary="采用",
    description="编辑将信息采用到本办公室刊物的栏目；同一信息可被多个刊物采用，同一刊物只能采用一次。",
)
def item_adopt(request, item_id: int, payload: AdoptIn):
    item = visible_item(request.auth, item_id)
    publication = Publication.objects.filter(pk=payload.publication).first()
    if publication is None:
        raise ValidationError({"publication": "刊物不存在。"})
    column = None
    if payload.column is not None:
        column = Column.objects.filter(pk=payload.column, is_active=True).first()
        if column is None:
            raise ValidationError({"column": "栏目不存在或已停用。"})
    adoption = services.item_adopt(
        item_id=item.pk,
        actor=request.auth,
        publication=publication,
        column=column,
        kind=payload.kind,
        note=payload.note,
    )
    return Status(201, adoption)


@router.post(
    "/{item_id}/forward",
    response={201: ItemDetailOut},
    summary="转报上级",
    description="以本办公室名义将信息转报上一级办公室，返回转报后的新信息。每条信息只能转报一次。",
)
def item_forward(request, item_id: int, payload: ForwardIn | None = None):
    copy = services.item_forward(
        item_id=visible_pk(request.auth, item_id),
        actor=request.auth,
        note=payload.note if payload else "",
    )
    return Status(201, visible_item(request.auth, copy.pk))


@router.post(
    "/{item_id}/attachments",
    response={201: AttachmentOut},
    summary="上传附件",
    description=(
        "multipart/form-data，字段名 file。类型按文件内容识别，扩展名须与内容一致，大小有上限。"
    ),
)
def attachment_upload(request, item_id: int, file: File[UploadedFile]):
    item = visible_item(request.auth, item_id)
    return Status(201, attachments.attachment_add(item=item, actor=request.auth, upload=file))


def _attachment(user, item_id: int, attachment_id: int) -> Attachment:
    item = visible_item(user, item_id)
    attachment = item.attachments.select_related("item").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("附件不存在，或您无权查看。")
    return attachment


@router.get("/{item_id}/attachments/{attachment_id}", summary="下载附件", response={200: None})
def attachment_download(request, item_id: int, attachment_id: int):
    attachment = _attachment(request.auth, item_id, attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.mime,
    )


@router.delete("/{item_id}/attachments/{attachment_id}", response={204: None}, summary="删除附件")
def attachment_delete(request, item_id: int, attachment_id: int):
    attachments.attachment_remove(
        attachment=_attachment(request.auth, item_id, attachment_id), actor=request.auth
    )
    return Status(204, None)
