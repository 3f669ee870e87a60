"""/api/units/{id}: what scoring needs to know about a unit — its category per year,
its 条块 counterpart, a direct-report point's county — and /api/publications/external:
publications above the deployment (省、国务院) with their level. Writes call
``units.services``, ``scoring.services.point_county_set`` and
``publications.services``; administrators of the unit's office may change them."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Path, Router, Status

from govdesk import policy
from govdesk.api import catalog
from govdesk.api.idempotent import DESCRIPTION as IDEMPOTENT
from govdesk.api.idempotent import create_once
from govdesk.api.schemas import PublicationOut
from govdesk.api.structure_schemas import (
    CategoryIn,
    CategoryOut,
    CounterpartIn,
    CountyIn,
    ExternalPublicationIn,
    ExternalPublicationUpdateIn,
    UnitDetailOut,
    UnitIn,
    UnitUpdateIn,
)
from govdesk.publications import services as publications
from govdesk.publications.models import Publication
from govdesk.scoring.services import point_county_set
from govdesk.units import services as units
from govdesk.units.models import Unit
from govdesk.units.services import CATEGORY_YEARS

unit_structure = Router(tags=["单位"])
external_publications = Router(tags=["刊物"])

UNIT_NOT_FOUND = "单位不存在，或您无权查看。"
NO_SUCH_UNIT = "单位不存在，或您无权查看：{id}。"
MANAGE = "需为该单位所在办公室的管理员。"


def visible_unit(user, unit_id: int) -> Unit:
    unit = (
        policy.visible_units(user)
        .select_related("counterpart", "scoring_county__county")
        .filter(pk=unit_id)
        .first()
    )
    if unit is None:
        raise Http404(UNIT_NOT_FOUND)
    return unit


def managed_unit(user, unit_id: int) -> Unit:
    unit = visible_unit(user, unit_id)
    policy.require(user, "unit.manage", unit)
    return unit


def _named_unit(user, unit_id: int | None, field: str) -> Unit | None:
    """A unit the request names by id: one the caller may see, else a 422 on ``field``."""
    if unit_id is None:
        return None
    unit = policy.visible_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({field: NO_SUCH_UNIT.format(id=unit_id)})
    return unit


def _fields(payload) -> dict:
    fields = payload.model_dump(exclude={"parent_id"}, exclude_none=True)
    if fields.get("level") is not None:
        fields["level"] = int(fields["level"])
    return fields


@catalog.units.post(  # beside the list: one router answers one address
    "",
    response={201: UnitDetailOut},
    summary="新增单位",
    description=f"在本人管理的政府办公室下新增报送单位或下级办公室。{MANAGE}",
)
def unit_add(request, payload: UnitIn):
    parent = managed_unit(request.auth, payload.parent_id)
    fields = _fields(payload)
    problems = units.unit_problems(unit=Unit(), kind=fields["kind"], level=fields.get("level"))
    if problems:
        raise ValidationError(problems)
    if not parent.is_office:
        raise ValidationError({"parent_id": f"“{parent.name}”不是政府办公室，不能下设报送单位。"})
    unit = units.unit_create(actor=request.auth, parent=parent, **fields)
    return Status(201, visible_unit(request.auth, unit.pk))


@unit_structure.patch(
    "/{unit_id}",
    response=UnitDetailOut,
    summary="修改、调整或停用单位",
    description=f"只修改请求中给出的字段；parent_id 为改由另一政府办公室管理。{MANAGE}",
)
def unit_change(request, unit_id: int, payload: UnitUpdateIn):
    unit = managed_unit(request.auth, unit_id)
    parent = managed_unit(request.auth, payload.parent_id) if payload.parent_id else None
    units.unit_update(actor=request.auth, unit=unit, parent=parent, **_fields(payload))
    return visible_unit(request.auth, unit_id)


@unit_structure.get(
    "/{unit_id}",
    response=UnitDetailOut,
    summary="单位详情",
    description="单位的基本信息、各年度考核类别、对口上级部门和（直报点）所在县。",
)
def unit_detail(request, unit_id: int):
    return visible_unit(request.auth, unit_id)


@unit_structure.get(
    "/{unit_id}/categories",
    response=list[CategoryOut],
    summary="单位各年度考核类别",
    description="考核类别决定该单位适用的考核目标（如市直单位 A类200、B类100、C类60分）。",
)
def category_list(request, unit_id: int):
    return list(visible_unit(request.auth, unit_id).categories.order_by("-year"))


@unit_structure.put(
    "/{unit_id}/categories/{year}",
    response=UnitDetailOut,
    summary="设置单位某年度考核类别",
    description=f"类别留空为取消该年度的类别（此时按单位类型考核）。{MANAGE}",
)
def category_set(
    request,
    unit_id: int,
    payload: CategoryIn,
    year: int = Path(..., ge=CATEGORY_YEARS[0], le=CATEGORY_YEARS[1], description="考核年度"),
):
    unit = managed_unit(request.auth, unit_id)
    units.unit_category_set(actor=request.auth, unit=unit, year=year, **payload.model_dump())
    return visible_unit(request.auth, unit_id)


@unit_structure.put(
    "/{unit_id}/counterpart",
    response=UnitDetailOut,
    summary="设置对口上级部门（条块对应）",
    description=f"基层信息直报点的对口上级部门，按考核方案同步计分；null 为取消。{MANAGE}",
)
def counterpart_set(request, unit_id: int, payload: CounterpartIn):
    unit = managed_unit(request.auth, unit_id)
    counterpart = _named_unit(request.auth, payload.counterpart_id, "counterpart_id")
    units.unit_counterpart_set(actor=request.auth, unit=unit, counterpart=counterpart)
    return visible_unit(request.auth, unit_id)


@unit_structure.put(
    "/{unit_id}/county",
    response=UnitDetailOut,
    summary="设置直报点所在县",
    description=(
        "基层信息直报点直接向市报送，单位层级看不出它所在的县；按考核方案其得分同步计入"
        f"所在县。null 为取消。{MANAGE}"
    ),
)
def county_set(request, unit_id: int, payload: CountyIn):
    point = managed_unit(request.auth, unit_id)
    county = _named_unit(request.auth, payload.county_id, "county_id")
    point_county_set(actor=request.auth, point=point, county=county)
    return visible_unit(request.auth, unit_id)


def _external(publication_id: int) -> Publication:
    publication = Publication.objects.filter(pk=publication_id, office=None).first()
    if publication is None:
        raise Http404("外部刊物不存在。")
    return publication


@external_publications.post(
    "/external",
    response={201: PublicationOut},
    summary="新增外部刊物（省、国务院）",
    description=(
        "本系统以外的上级刊物，编辑据此登记上级采用，其层级决定计分。层级须高于本系统"
        f"最高一级办公室。本系统任一办公室的管理员可新增。{IDEMPOTENT}"
    ),
)
def external_create(request, payload: ExternalPublicationIn):
    fields = payload.model_dump()
    fields["level"] = int(fields["level"])
    return create_once(
        request,
        lambda: publications.publication_external_create(actor=request.auth, **fields),
        _external,
    )


@external_publications.patch(
    "/external/{publication_id}",
    response=PublicationOut,
    summary="修改外部刊物",
    description="只修改请求中给出的字段。本系统任一办公室的管理员可修改。",
)
def external_update(request, publication_id: int, payload: ExternalPublicationUpdateIn):
    publication = _external(publication_id)
    fields = payload.model_dump(exclude_none=True)
    if "level" in fields:
        fields["level"] = int(fields["level"])
    return publications.publication_external_update(
        actor=request.auth, publication_id=publication.pk, **fields
    )
