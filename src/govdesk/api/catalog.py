"""/api/units, /api/publications, /api/adoptions: what items are reported to and
where they were used."""

from ninja import Query, Router
from ninja.pagination import paginate

from govdesk.api.pagination import Pagination
from govdesk.api.queries import adoption_list, publication_list, with_parent_ids
from govdesk.api.schemas import (
    AdoptionFilters,
    AdoptionOut,
    PublicationFilters,
    PublicationOut,
    UnitFilters,
    UnitOut,
)
from govdesk.policy import visible_units
from govdesk.units.selectors import unit_search

units = Router(tags=["单位"])
publications = Router(tags=["刊物"])
adoptions = Router(tags=["采用记录"])


@units.get(
    "",
    response=list[UnitOut],
    summary="单位列表与检索",
    description=(
        "当前用户可查看的单位（本人所在单位，编辑、主编和管理员另含本办公室及其下级单位），"
        "按层级排列；q 可为中文名称、全拼或首字母（如 城关、chengguan、cgz）。"
    ),
)
@paginate(Pagination)
def unit_list(request, filters: Query[UnitFilters]):
    # No cap here: the pagination limits each page.
    units = unit_search(filters.q, within=visible_units(request.auth), limit=None)
    return with_parent_ids(units)


@publications.get(
    "",
    response=list[PublicationOut],
    summary="刊物列表",
    description=(
        "当前用户所在办公室及其上级办公室的启用刊物，以及本系统以外的上级刊物（省、国务院），"
        "含层级、栏目和可用的采用类型；可按办公室或层级筛选。"
    ),
)
def publication_index(request, filters: Query[PublicationFilters]):
    level = int(filters.level) if filters.level else None
    return list(publication_list(viewer=request.auth, office=filters.office, level=level))


@adoptions.get(
    "",
    response=list[AdoptionOut],
    summary="采用记录",
    description="当前用户有权查看的信息的采用记录，按采用时间倒序；可按刊物、报送单位和采用日期筛选。",
)
@paginate(Pagination)
def adoption_index(request, filters: Query[AdoptionFilters]):
    return adoption_list(viewer=request.auth, filters=filters.model_dump(exclude_none=True))
