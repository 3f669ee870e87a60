"""/api/publications/{publication_id}/settings …: a publication's name, columns and
default distribution, for its office's chief editor and administrators
(``publication.configure``), as on 刊物与栏目 and 刊物设置. Writes go through
``publications.services``, which log each change under the same codes as the pages."""

from django.http import Http404
from ninja import Router, Status

from govdesk import policy
from govdesk.api.bulletin_schemas import RecipientsIn
from govdesk.api.bulletins import distribution_chosen
from govdesk.api.publication_settings_schemas import (
    ColumnIn,
    ColumnMoveIn,
    ColumnUpdateIn,
    PublicationRenameIn,
    PublicationSettingsOut,
    SettingsColumnOut,
)
from govdesk.publications import services
from govdesk.publications.models import Column, Publication

router = Router(tags=["刊物设置"])

NO_PUBLICATION = "刊物不存在，或不是本系统办公室的刊物。"
NO_COLUMN = "栏目不存在，或不属于该刊物。"


def _publication(user, publication_id: int) -> Publication:
    publication = (
        Publication.objects.select_related("office")
        .filter(pk=publication_id, office__isnull=False)
        .first()
    )
    if publication is None:
        raise Http404(NO_PUBLICATION)
    policy.require(user, "publication.configure", publication)
    return publication


def _column(user, publication_id: int, column_id: int) -> Column:
    publication = _publication(user, publication_id)
    column = publication.columns.filter(pk=column_id).select_related("publication").first()
    if column is None:
        raise Http404(NO_COLUMN)
    return column


@router.get(
    "/{publication_id}/settings",
    response=PublicationSettingsOut,
    summary="刊物设置",
    description="刊物名称、说明、全部栏目（含停用的）和默认分送范围（本办主编和管理员）。",
)
def publication_settings(request, publication_id: int):
    return _publication(request.auth, publication_id)


@router.patch(
    "/{publication_id}/settings",
    response=PublicationSettingsOut,
    summary="修改刊物名称和说明",
    description="改名后，刊物已有的刊期和采用记录随之显示新名称。",
)
def publication_rename(request, publication_id: int, payload: PublicationRenameIn):
    publication = _publication(request.auth, publication_id)
    services.publication_update(actor=request.auth, publication=publication, **payload.dict())
    return _publication(request.auth, publication_id)


@router.put(
    "/{publication_id}/settings/distribution",
    response=PublicationSettingsOut,
    summary="设置默认分送范围",
    description="整体替换此后新编刊期预置的报送领导、报送单位和抄送单位；"
    "只能选择本办领导，以及上级办公室和本办下属单位。",
)
def publication_distribution(request, publication_id: int, payload: RecipientsIn):
    publication = _publication(request.auth, publication_id)
    services.publication_set_distribution(
        actor=request.auth,
        publication_id=publication.pk,
        **distribution_chosen(publication.office, payload),
    )
    return _publication(request.auth, publication_id)


@router.post(
    "/{publication_id}/settings/columns",
    response={201: SettingsColumnOut},
    summary="新增栏目",
    description="新栏目排在最后；同一刊物的栏目不能重名。",
)
def column_add(request, publication_id: int, payload: ColumnIn):
    publication = _publication(request.auth, publication_id)
    column = services.column_add(actor=request.auth, publication=publication, name=payload.name)
    return Status(201, column)


@router.patch(
    "/{publication_id}/settings/columns/{column_id}",
    response=SettingsColumnOut,
    summary="栏目改名、停用或恢复",
    description="只修改请求中给出的字段。停用的栏目采用时不再出现，已有的采用和计分不变。",
)
def column_update(request, publication_id: int, column_id: int, payload: ColumnUpdateIn):
    column = _column(request.auth, publication_id, column_id)
    return services.column_update(
        actor=request.auth, column=column, name=payload.name, is_active=payload.is_active
    )


@router.post(
    "/{publication_id}/settings/columns/{column_id}/move",
    response=list[SettingsColumnOut],
    summary="调整栏目顺序",
    description="上移或下移一位；已在最前（最后）时不变。返回刊物全部栏目的新顺序。",
)
def column_move(request, publication_id: int, column_id: int, payload: ColumnMoveIn):
    column = _column(request.auth, publication_id, column_id)
    offset = -1 if payload.direction == "up" else 1
    services.column_move(actor=request.auth, column=column, offset=offset)
    return column.publication.columns.order_by("sort_order", "id")


@router.delete(
    "/{publication_id}/settings/columns/{column_id}",
    response=SettingsColumnOut,
    summary="删除未用过的栏目",
    description="有采用记录或用于刊期文章的栏目不能删除（422），可以停用。",
)
def column_delete(request, publication_id: int, column_id: int):
    column = _column(request.auth, publication_id, column_id)
    gone = SettingsColumnOut.from_orm(column)
    services.column_delete(actor=request.auth, column=column)
    return gone
