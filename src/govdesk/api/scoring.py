"""/api/schemes: an office's assessment schemes (考核方案) per year, their settings,
rules and targets, the ranking and a unit's ledger lines for a period. Writes call
``govdesk.scoring.services`` (the admin calls the same); reads follow the policy
checks ``"scheme.view"``, ``"scheme.manage"``, ``"scores.view_office"`` and
``"scores.view_unit"``."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from govdesk import policy
from govdesk.api.idempotent import DESCRIPTION as IDEMPOTENT
from govdesk.api.idempotent import create_once
from govdesk.api.pagination import Pagination
from govdesk.api.scoring_schemas import (
    PeriodQuery,
    PresetOut,
    RankingOut,
    RebuildIn,
    RebuildOut,
    RuleIn,
    RuleOut,
    RulePatchIn,
    SchemeCreateIn,
    SchemeDetailOut,
    SchemeFilters,
    SchemeOut,
    SchemeSettingsIn,
    StatusIn,
    TargetIn,
    TargetOut,
    TargetPatchIn,
    UnitLedgerOut,
)
from govdesk.lib import clock, periods
from govdesk.scoring import access, selectors, services
from govdesk.scoring.ledger import assessed_units
from govdesk.scoring.models import Rule, Scheme, Target
from govdesk.scoring.presets import SCHEMES, preset_names
from govdesk.units.models import Unit

router = Router(tags=["考核方案"])

SCHEME_NOT_FOUND = "考核方案不存在，或您无权查看。"
MANAGED_BY = "（本办主编、管理员）"
REBUILDS = "方案执行中时，修改后立即按新规则重算该年度计分明细（只重算一次）。"


def visible_scheme(user, scheme_id: int) -> Scheme:
    scheme = Scheme.objects.select_related("office").filter(pk=scheme_id).first()
    if scheme is None or not policy.can(user, "scheme.view", scheme):
        raise Http404(SCHEME_NOT_FOUND)
    return scheme


def _rule(user, scheme_id: int, rule_id: int) -> Rule:
    scheme = visible_scheme(user, scheme_id)
    rule = Rule.objects.filter(pk=rule_id, scheme=scheme).first()
    if rule is None:
        raise Http404("规则不存在，或您无权查看。")
    rule.scheme = scheme
    return rule


def _target(user, scheme_id: int, target_id: int) -> Target:
    scheme = visible_scheme(user, scheme_id)
    target = Target.objects.filter(pk=target_id, scheme=scheme).first()
    if target is None:
        raise Http404("考核目标不存在，或您无权查看。")
    target.scheme = scheme
    return target


def _office(office_id: int) -> Unit:
    office = Unit.objects.filter(pk=office_id, kind="office", is_active=True).first()
    if office is None:
        raise ValidationError({"office": "办公室不存在或已停用。"})
    return office


def _period(scheme: Scheme, query: PeriodQuery) -> periods.Period:
    params = {k: str(v) for k, v in query.model_dump(exclude_none=True).items()}
    return periods.from_query(params, scheme.year, timezone.localdate(clock.now()))


def _period_out(period: periods.Period) -> dict:
    return {"kind": period.kind, "label": period.label, "start": period.start, "end": period.end}


# --- schemes ------------------------------------------------------------------------------


@router.get(
    "",
    response=list[SchemeOut],
    summary="考核方案列表",
    description=(
        "当前用户可查看的考核方案，新年度在前：本办编辑、主编和管理员看到本办全部方案（含草稿），"
        "被考核单位看到考核本单位的执行中方案。"
    ),
)
@paginate(Pagination)
def scheme_list(request, filters: Query[SchemeFilters]):
    user = request.auth
    candidates = Scheme.objects.select_related("office")
    if not policy.roles(user).superuser:
        candidates = candidates.filter(office__in=access.related_offices(user))
    if filters.year:
        candidates = candidates.filter(year=filters.year)
    if filters.office:
        candidates = candidates.filter(office_id=filters.office)
    # A few schemes per office and year: the object check decides, row by row.
    ids = [s.pk for s in candidates if policy.can(user, "scheme.view", s)]
    return (
        Scheme.objects.filter(pk__in=ids)
        .select_related("office")
        .order_by("-year", "office__path", "name", "id")
    )


@router.get(
    "/presets",
    response=list[PresetOut],
    summary="预设方案",
    description="建立方案时可复制的预设（依据种子文件的县级、市级考核方案），含规则和目标条数。",
)
def preset_list(request):
    return [
        {
            "code": code,
            "label": spec["label"],
            "name": spec["name"],
            "rules": len(spec["rules"]),
            "targets": len(spec["targets"]),
            "source": spec["source"],
        }
        for code in preset_names()
        if (spec := SCHEMES.get(code))
    ]


@router.post(
    "",
    response={201: SchemeDetailOut},
    summary="建立考核方案",
    description=(
        f"本办主编或管理员为本办公室建立某年度的考核方案：空白方案，或复制预设方案的设置、规则和"
        f"目标（可同时改写设置）。默认为草稿；同一办公室同一年度只能有一个执行中的方案，"
        f"建立即执行时立即计算该年度计分明细。{IDEMPOTENT}"
    ),
)
def scheme_create(request, payload: SchemeCreateIn):
    office = _office(payload.office)
    settings = payload.model_dump(
        exclude_unset=True, exclude={"office", "year", "preset", "status"}
    )

    def create():
        scheme = services.scheme_create(
            actor=request.auth,
            office=office,
            year=payload.year,
            preset=payload.preset.strip(),
            status=payload.status,
            **settings,
        )
        return visible_scheme(request.auth, scheme.pk)

    return create_once(request, create, lambda pk: visible_scheme(request.auth, pk))


@router.get("/{scheme_id}", response=SchemeDetailOut, summary="考核方案详情")
def scheme_detail(request, scheme_id: int):
    """方案的全部设置、计分规则和考核目标；can_manage 表示当前用户可否修改。"""
    return visible_scheme(request.auth, scheme_id)


@router.patch(
    "/{scheme_id}",
    response=SchemeDetailOut,
    summary="修改方案设置",
    description=(
        f"只修改请求中给出的设置{MANAGED_BY}。操作日志记录每项设置修改前后的值。{REBUILDS}"
        "只改名称或依据时不重算。状态请用“变更状态”接口。"
    ),
)
def scheme_update(request, scheme_id: int, payload: SchemeSettingsIn):
    scheme = visible_scheme(request.auth, scheme_id)
    services.scheme_update(
        actor=request.auth, scheme=scheme, **payload.model_dump(exclude_unset=True)
    )
    return visible_scheme(request.auth, scheme.pk)


@router.post(
    "/{scheme_id}/status",
    response=SchemeDetailOut,
    summary="变更方案状态",
    description=(
        f"草稿改为执行中（立即计算该年度计分明细），或执行中改回草稿（删除其计分明细）{MANAGED_BY}。"
        "同一办公室同一年度只能有一个执行中的方案：须先将原方案改回草稿。"
    ),
)
def scheme_status(request, scheme_id: int, payload: StatusIn):
    scheme = visible_scheme(request.auth, scheme_id)
    services.scheme_set_status(actor=request.auth, scheme=scheme, status=payload.status)
    return visible_scheme(request.auth, scheme.pk)


@router.post(
    "/{scheme_id}/rebuild",
    response=RebuildOut,
    summary="重算计分明细",
    description=(
        f"按方案的现行规则重算该年度全部计分明细，原因记入操作日志{MANAGED_BY}。"
        "草稿方案没有计分明细，重算结果为0条。"
    ),
)
def scheme_rebuild(request, scheme_id: int, payload: RebuildIn):
    scheme = visible_scheme(request.auth, scheme_id)
    lines = services.ledger_rebuild(actor=request.auth, scheme=scheme, reason=payload.reason)
    return {"lines": lines}


# --- rules --------------------------------------------------------------------------------


@router.post(
    "/{scheme_id}/rules",
    response={201: RuleOut},
    summary="新增计分规则",
    description=f"为方案新增一条计分规则{MANAGED_BY}。{REBUILDS}{IDEMPOTENT}",
)
def rule_add(request, scheme_id: int, payload: RuleIn):
    scheme = visible_scheme(request.auth, scheme_id)
    return create_once(
        request,
        lambda: services.rule_add(actor=request.auth, scheme=scheme, **payload.model_dump()),
        lambda pk: _rule(request.auth, scheme.pk, pk),
    )


@router.patch(
    "/{scheme_id}/rules/{rule_id}",
    response=RuleOut,
    summary="修改计分规则",
    description=f"只修改请求中给出的字段{MANAGED_BY}，操作日志记录修改前后的值。{REBUILDS}",
)
def rule_update(request, scheme_id: int, rule_id: int, payload: RulePatchIn):
    rule = _rule(request.auth, scheme_id, rule_id)
    return services.rule_update(
        actor=request.auth, rule=rule, **payload.model_dump(exclude_unset=True)
    )


@router.delete(
    "/{scheme_id}/rules/{rule_id}",
    response={204: None},
    summary="删除计分规则",
    description=f"删除一条计分规则{MANAGED_BY}。{REBUILDS}",
)
def rule_delete(request, scheme_id: int, rule_id: int):
    services.rule_delete(actor=request.auth, rule=_rule(request.auth, scheme_id, rule_id))
    return Status(204, None)


# --- targets ------------------------------------------------------------------------------


@router.post(
    "/{scheme_id}/targets",
    response={201: TargetOut},
    summary="新增考核目标",
    description=f"按单位类型和/或考核类别设全年目标分值{MANAGED_BY}。{REBUILDS}{IDEMPOTENT}",
)
def target_add(request, scheme_id: int, payload: TargetIn):
    scheme = visible_scheme(request.auth, scheme_id)
    return create_once(
        request,
        lambda: services.target_add(actor=request.auth, scheme=scheme, **payload.model_dump()),
        lambda pk: _target(request.auth, scheme.pk, pk),
    )


@router.patch(
    "/{scheme_id}/targets/{target_id}",
    response=TargetOut,
    summary="修改考核目标",
    description=f"只修改请求中给出的字段{MANAGED_BY}。{REBUILDS}",
)
def target_update(request, scheme_id: int, target_id: int, payload: TargetPatchIn):
    target = _target(request.auth, scheme_id, target_id)
    return services.target_update(
        actor=request.auth, target=target, **payload.model_dump(exclude_unset=True)
    )


@router.delete(
    "/{scheme_id}/targets/{target_id}",
    response={204: None},
    summary="删除考核目标",
    description=f"删除一个考核目标{MANAGED_BY}。{REBUILDS}",
)
def target_delete(request, scheme_id: int, target_id: int):
    services.target_delete(actor=request.auth, target=_target(request.auth, scheme_id, target_id))
    return Status(204, None)


# --- figures --------------------------------------------------------------------------------


@router.get(
    "/{scheme_id}/ranking",
    response=RankingOut,
    summary="得分排名",
    description=(
        "方案所考核的每个单位在某时段的得分、累计得分、目标完成率、采用情况和组内名次"
        "（本办编辑、主编和管理员）。时段：month、quarter、half、period=year，或 start 与 end；"
        "默认为本年度当月（往年为12月）。"
    ),
)
def scheme_ranking(request, scheme_id: int, query: Query[PeriodQuery]):
    scheme = visible_scheme(request.auth, scheme_id)
    policy.deny_unless(policy.can(request.auth, "scores.view_office", scheme.office))
    period = _period(scheme, query)
    table = selectors.ranking(scheme, period)
    return {"scheme": scheme.pk, "period": _period_out(period), "rows": table.rows}


@router.get(
    "/{scheme_id}/units/{unit_id}/lines",
    response=UnitLedgerOut,
    summary="单位计分明细",
    description=(
        "一个被考核单位在某时段的每条计分（信息、规则、分值），以及本时段得分和年初至今累计得分。"
        "本单位人员和考核办公室的编辑、主编、管理员可查看。时段参数同“得分排名”。"
    ),
)
def unit_ledger(request, scheme_id: int, unit_id: int, query: Query[PeriodQuery]):
    scheme = visible_scheme(request.auth, scheme_id)
    unit = assessed_units(scheme).filter(pk=unit_id).first()
    if unit is None or not access.may_view_unit(request.auth, unit, scheme.office):
        raise Http404("单位不存在、不在本方案考核范围内，或您无权查看。")
    period = _period(scheme, query)
    totals = selectors.unit_totals(scheme, unit, period)
    return {
        "scheme": scheme.pk,
        "unit": unit,
        "period": _period_out(period),
        "score": totals["score"],
        "cumulative": totals["cumulative"],
        "lines": list(selectors.unit_lines(scheme, unit, period)),
    }
