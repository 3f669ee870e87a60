"""/api/solicitations, /api/key-points and /api/items/{id}/key-points: what the office
asks units for (约稿) and the guidance items answer (报送要点). Writes call
``govdesk.solicitations.services``."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router
from ninja.pagination import paginate

from govdesk import policy
from govdesk.api.idempotent import DESCRIPTION as IDEMPOTENT
from govdesk.api.idempotent import create_once
from govdesk.api.items import visible_item
from govdesk.api.pagination import Pagination
from govdesk.api.solicitation_schemas import (
    KeyPointCountOut,
    KeyPointIn,
    KeyPointOut,
    KeyPointTagIn,
    ResponseIn,
    ResponseOut,
    ResponseRowOut,
    SolicitationIn,
    SolicitationOut,
)
from govdesk.solicitations import selectors, services
from govdesk.solicitations.models import Solicitation
from govdesk.units.models import Unit

solicitations = Router(tags=["约稿"])
key_points = Router(tags=["报送要点"])
item_key_points = Router(tags=["报送要点"])


def _office(office_id: int) -> Unit:
    office = Unit.objects.filter(pk=office_id, kind="office", is_active=True).first()
    if office is None:
        raise ValidationError({"office": "办公室不存在或已停用。"})
    return office


def visible_solicitation(user, solicitation_id: int) -> Solicitation:
    solicitation = (
        Solicitation.objects.select_related("office", "created_by")
        .filter(pk=solicitation_id)
        .first()
    )
    if solicitation is None:
        raise Http404("约稿不存在，或您无权查看。")
    policy.require(user, "solicitation.view", solicitation)
    return solicitation


@solicitations.get(
    "",
    response=list[SolicitationOut],
    summary="约稿列表",
    description="本办发起的约稿，以及向本人所在单位的约稿，新的在前。",
)
@paginate(Pagination)
def solicitation_list(request):
    return policy.visible_solicitations(request.auth).select_related("created_by")


@solicitations.post(
    "",
    response={201: SolicitationOut},
    summary="发起约稿",
    description=f"本办编辑向本办所属单位约稿：主题、要求、截止时间和约稿单位。{IDEMPOTENT}",
)
def solicitation_create(request, payload: SolicitationIn):
    office = _office(payload.office)
    return create_once(
        request,
        lambda: services.solicitation_create(
            actor=request.auth, **{**payload.model_dump(), "office": office}
        ),
        lambda pk: visible_solicitation(request.auth, pk),
    )


@solicitations.get("/{solicitation_id}", response=SolicitationOut, summary="约稿详情")
def solicitation_detail(request, solicitation_id: int):
    return visible_solicitation(request.auth, solicitation_id)


@solicitations.post(
    "/{solicitation_id}/responses",
    response={201: ResponseOut},
    summary="回应约稿",
    description=(
        f"约稿单位的信息员关联本单位已报送约稿办公室的信息；截止时间前关联为按时回应。{IDEMPOTENT}"
    ),
)
def response_create(request, solicitation_id: int, payload: ResponseIn):
    solicitation = visible_solicitation(request.auth, solicitation_id)
    return create_once(
        request,
        lambda: services.solicitation_answer(
            actor=request.auth, solicitation_id=solicitation.pk, item_id=payload.item
        ),
        lambda pk: solicitation.responses.select_related("unit", "item__unit").get(pk=pk),
    )


@solicitations.get(
    "/{solicitation_id}/responses",
    response=list[ResponseRowOut],
    summary="回应情况",
    description="约稿办公室的编辑查看每个约稿单位按时回应、逾期回应或未回应，以及关联的信息。",
)
def response_table(request, solicitation_id: int):
    solicitation = visible_solicitation(request.auth, solicitation_id)
    policy.require(request.auth, "office.desk", solicitation.office)
    return selectors.response_table(solicitation)


@key_points.get(
    "",
    response=list[KeyPointOut],
    summary="报送要点",
    description="本人所在办公室和所在单位的上级办公室发布的报送要点，新的在前。",
)
@paginate(Pagination)
def key_point_list(request):
    return policy.visible_key_points(request.auth).order_by("-starts_on", "-id")


@key_points.post(
    "",
    response={201: KeyPointOut},
    summary="发布报送要点",
    description=f"本办编辑发布一个时期的报送要点（重点、热点、难点、亮点）。{IDEMPOTENT}",
)
def key_point_create(request, payload: KeyPointIn):
    office = _office(payload.office)
    return create_once(
        request,
        lambda: services.key_point_create(
            actor=request.auth, **{**payload.model_dump(), "office": office}
        ),
        lambda pk: policy.visible_key_points(request.auth).get(pk=pk),
    )


@key_points.get(
    "/counts",
    response=list[KeyPointCountOut],
    summary="报送要点统计",
    description="本办编辑查看本办每个报送要点标注了多少条信息，按单位分列。",
)
def key_point_counts(request):
    offices = policy.desk_offices(request.auth)
    policy.deny_unless(offices.exists())
    points = policy.visible_key_points(request.auth).filter(office__in=offices)
    return selectors.key_point_counts(points)


@item_key_points.put(
    "/{item_id}/key-points",
    response=list[KeyPointOut],
    summary="标注报送要点",
    description="信息员标注本单位信息回应的报送要点（接收办公室发布的），接收办公室编辑可更正。",
)
def item_tag(request, item_id: int, payload: KeyPointTagIn):
    item = visible_item(request.auth, item_id)
    return services.item_tag_key_points(
        actor=request.auth, item_id=item.pk, key_point_ids=payload.key_point_ids
    )
