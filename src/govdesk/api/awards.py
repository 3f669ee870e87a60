"""/api/awards writes: what the 评先评优 pages do, through ``awards.services``. An
editor of the office attests the conditions the records cannot show
(``awards.attest``); its chief editor installs the seed rules, grants or withholds
against the proposal with a reason, confirms the list and withdraws a confirmation
(``awards.decide``). Who may not read the evaluation gets 404, who may read it but
not do this 403; what the list's state refuses (confirmed, not confirmed, rules already
installed) 409 with the page's message (``services.AwardsConflict``), bad input 422."""

from django.core.exceptions import ValidationError
from ninja import Router, Status

from govdesk.accounts.models import User
from govdesk.api.award_schemas import (
    AttestationIn,
    AttestationOut,
    InstalledOut,
    OverrideIn,
    OverrideOut,
    PresetIn,
    ReopenIn,
)
from govdesk.api.sharing import confirmed_list, evaluable, scheme_row
from govdesk.api.sharing_schemas import AwardSchemeOut, ConfirmedOut
from govdesk.awards import selectors, services
from govdesk.awards.models import Award, Criterion
from govdesk.scoring.models import Scheme

router = Router(tags=["评先评优"])

NOT_ASSESSED = "单位不存在，或不是本方案的考核单位：{id}。"
NO_CRITERION = "本方案没有该评选条件：{id}。"
NO_AWARD = "本方案没有该奖项：{id}。"
NO_OFFICER = "用户不存在：{id}。"


def _subject(scheme: Scheme, payload) -> dict:
    unit = selectors.assessed(scheme).filter(pk=payload.unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": NOT_ASSESSED.format(id=payload.unit_id)})
    officer = None
    if payload.officer_id is not None:
        officer = User.objects.filter(pk=payload.officer_id).first()
        if officer is None:
            raise ValidationError({"officer_id": NO_OFFICER.format(id=payload.officer_id)})
    return {"unit": unit, "officer": officer}


@router.post(
    "/schemes/{scheme_id}/attestations",
    response=AttestationOut,
    summary="核实评选条件",
    description=(
        "本办公室的编辑核实记录无法判定的条件（如专职信息员任命），须写明核实说明；"
        "同一对象再次核实即覆盖上次结果。名单确认后不能再核实。"
    ),
)
def attestation_set(request, scheme_id: int, payload: AttestationIn):
    scheme = evaluable(request.auth, scheme_id)
    criterion = Criterion.objects.filter(pk=payload.criterion_id, award__scheme=scheme).first()
    if criterion is None:
        raise ValidationError({"criterion_id": NO_CRITERION.format(id=payload.criterion_id)})
    return services.attestation_set(
        actor=request.auth,
        criterion=criterion,
        met=payload.met,
        note=payload.note,
        **_subject(scheme, payload),
    )


@router.post(
    "/schemes/{scheme_id}/overrides",
    response=OverrideOut,
    summary="主编调整评选结果",
    description=(
        "主编不按系统建议授予或不授予某单位、某人奖项，须写明理由；"
        "同一对象再次调整即覆盖上次决定。名单确认后不能再调整。"
    ),
)
def override_set(request, scheme_id: int, payload: OverrideIn):
    scheme = evaluable(request.auth, scheme_id)
    award = Award.objects.filter(pk=payload.award_id, scheme=scheme).first()
    if award is None:
        raise ValidationError({"award_id": NO_AWARD.format(id=payload.award_id)})
    return services.override_set(
        actor=request.auth,
        award=award,
        granted=payload.granted,
        reason=payload.reason,
        **_subject(scheme, payload),
    )


@router.post(
    "/schemes/{scheme_id}/preset",
    response={201: list[InstalledOut]},
    summary="按预设设置评先奖项",
    description="主编按评先办法预设为本方案写入奖项和条件；已有奖项的方案不能再安装。",
)
def awards_install(request, scheme_id: int, payload: PresetIn):
    scheme = evaluable(request.auth, scheme_id)
    awards = services.awards_install_preset(
        actor=request.auth, scheme=scheme, preset=payload.preset
    )
    return Status(201, awards)


@router.post(
    "/schemes/{scheme_id}/confirm",
    response=ConfirmedOut,
    summary="确认评先名单",
    description=(
        "主编确认各奖项授予的对象为本年度名单；名单已确认或仍有仅差核实而未决定的对象时 409。"
    ),
)
def evaluation_confirm(request, scheme_id: int):
    scheme = evaluable(request.auth, scheme_id)
    services.evaluation_confirm(actor=request.auth, scheme=scheme)
    return confirmed_list(scheme)


@router.post(
    "/schemes/{scheme_id}/reopen",
    response=AwardSchemeOut,
    summary="撤销评先名单确认",
    description="主编撤销已确认的名单（须写明理由），之后可继续核实和调整。",
)
def evaluation_reopen(request, scheme_id: int, payload: ReopenIn):
    scheme = evaluable(request.auth, scheme_id)
    services.evaluation_reopen(actor=request.auth, scheme=scheme, reason=payload.reason)
    return scheme_row(scheme, False)
