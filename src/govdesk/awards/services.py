"""Write services for awards: install the seed rules, attest, override, confirm and
reopen the list. Every change goes to the change log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from govdesk import policy
from govdesk.audit.services import record
from govdesk.awards.evaluation import evaluate
from govdesk.awards.models import (
    Attestation,
    Award,
    Confirmation,
    Criterion,
    CriterionKind,
    Override,
    Winner,
)
from govdesk.awards.presets import get_preset
from govdesk.lib import clock
from govdesk.scoring.models import Scheme
from govdesk.units.models import Unit


class AwardsConflict(ValidationError):
    """A request the year's list does not allow as it stands (confirmed, not confirmed,
    rules already installed, candidates still undecided): the pages show the message like
    any refusal, the API answers 409 rather than 422, which is for bad input."""


def _require_assessed(scheme: Scheme, unit: Unit) -> None:
    if unit.superior_office() != scheme.office:
        raise ValidationError(f"{unit.name}不是{scheme.office.name}的考核单位。")


def _require_open(scheme: Scheme) -> None:
    if Confirmation.objects.filter(scheme=scheme).exists():
        raise AwardsConflict("本年度评先名单已确认；如需调整，请主编先撤销确认。")


def _who(unit: Unit, officer) -> str:
    return f"{officer.full_name}（{unit.name}）" if officer else unit.name


@transaction.atomic
def awards_install_preset(*, actor, scheme: Scheme, preset: str) -> list[Award]:
    """Write a seed rule set (``county``, ``city``) as the scheme's awards."""
    spec = get_preset(preset)
    policy.require_of(actor, "awards.decide", scheme.office, "只有主编可以设置评先办法。")
    if scheme.awards.exists():
        raise AwardsConflict(f"{scheme}已有评先奖项，不能重复安装预设。")
    awards = []
    for position, spec_award in enumerate(spec["awards"], start=1):
        award = Award.objects.create(
            scheme=scheme,
            code=spec_award["code"],
            name=spec_award["name"],
            subject=spec_award["subject"],
            position=position,
            source=spec_award["source"],
        )
        Criterion.objects.bulk_create(
            Criterion(
                award=award,
                kind=c["kind"],
                params=c.get("params", {}),
                label=c["label"],
                position=index,
                source=c["source"],
            )
            for index, c in enumerate(spec_award["criteria"], start=1)
        )
        awards.append(award)
    record(
        actor=actor,
        action="awards.installed",
        target=scheme,
        summary=f"{scheme}按预设“{spec['label']}”设置评先奖项{len(awards)}项",
        preset=preset,
        awards=[a.code for a in awards],
    )
    return awards


@transaction.atomic
def attestation_set(
    *, actor, criterion: Criterion, unit: Unit, met: bool, note: str, officer=None
) -> Attestation:
    """An editor's word on a criterion the records cannot show, with a note saying
    how it was checked."""
    scheme = criterion.award.scheme
    policy.require_of(actor, "awards.attest", scheme.office, "只有本办公室的编辑可以核实评选条件。")
    _require_open(scheme)
    _require_assessed(scheme, unit)
    if criterion.kind != CriterionKind.ATTESTED:
        raise ValidationError("该条件由系统根据记录判定，无需核实。")
    note = note.strip()
    if not note:
        raise ValidationError({"note": "请填写核实说明（如何核实、依据什么材料）。"})
    before = Attestation.objects.filter(criterion=criterion, unit=unit, officer=officer).first()
    attestation, _ = Attestation.objects.update_or_create(
        criterion=criterion,
        unit=unit,
        officer=officer,
        defaults={"met": met, "note": note, "attested_by": actor, "attested_at": clock.now()},
    )
    record(
        actor=actor,
        action="award.attested",
        target=attestation,
        summary=f"核实{_who(unit, officer)}“{criterion.label}”：{'符合' if met else '不符合'}",
        criterion_id=criterion.pk,
        unit_id=unit.pk,
        officer_id=officer.pk if officer else None,
        before=None if before is None else {"met": before.met, "note": before.note},
        after={"met": met, "note": note},
    )
    return attestation


@transaction.atomic
def override_set(
    *, actor, award: Award, unit: Unit, granted: bool, reason: str, officer=None
) -> Override:
    """The chief editor grants or withholds an award against the system's proposal."""
    policy.require_of(actor, "awards.decide", award.scheme.office, "只有主编可以调整评先名单。")
    _require_open(award.scheme)
    _require_assessed(award.scheme, unit)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写调整理由。"})
    before = Override.objects.filter(award=award, unit=unit, officer=officer).first()
    override, _ = Override.objects.update_or_create(
        award=award,
        unit=unit,
        officer=officer,
        defaults={
            "granted": granted,
            "reason": reason,
            "decided_by": actor,
            "decided_at": clock.now(),
        },
    )
    record(
        actor=actor,
        action="award.overridden",
        target=override,
        summary=f"{'授予' if granted else '不授予'}{_who(unit, officer)}{award.name}：{reason}",
        award_id=award.pk,
        unit_id=unit.pk,
        officer_id=officer.pk if officer else None,
        before=None if before is None else {"granted": before.granted, "reason": before.reason},
        after={"granted": granted, "reason": reason},
    )
    return override


@transaction.atomic
def evaluation_confirm(*, actor, scheme: Scheme) -> Confirmation:
    """Freeze the granted candidates of every award as the year's list."""
    policy.require_of(actor, "awards.decide", scheme.office, "只有主编可以确认评先名单。")
    _require_open(scheme)
    result = evaluate(scheme)
    undecided = [
        c.name
        for _, candidates in result.results
        for c in candidates
        if c.override is None and c.pending
    ]
    if undecided:
        raise AwardsConflict(
            f"以下对象仅差编辑核实，请先核实或由主编作出决定：{'、'.join(undecided[:10])}"
        )
    confirmed_at = clock.now()
    confirmation = Confirmation.objects.create(
        scheme=scheme,
        confirmed_by=actor,
        confirmed_at=confirmed_at,
        written_on=timezone.localdate(confirmed_at),
    )
    winners = []
    for award, candidates in result.winners():
        winners += [
            Winner(
                confirmation=confirmation,
                award=award,
                unit=c.unit,
                officer=c.officer,
                position=position,
                overridden=c.override is not None,
            )
            for position, c in enumerate(candidates, start=1)
        ]
    Winner.objects.bulk_create(winners)
    record(
        actor=actor,
        action="awards.confirmed",
        target=confirmation,
        summary=f"确认{scheme}评先名单，共{len(winners)}个获奖对象",
        winners={
            award.code: [c.name for c in candidates] for award, candidates in result.winners()
        },
    )
    return confirmation


@transaction.atomic
def evaluation_reopen(*, actor, scheme: Scheme, reason: str) -> None:
    """Withdraw a confirmed list (the notice must not be printed from it any more)."""
    policy.require_of(actor, "awards.decide", scheme.office, "只有主编可以撤销评先名单确认。")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销确认的理由。"})
    confirmation = Confirmation.objects.filter(scheme=scheme).first()
    if confirmation is None:
        raise AwardsConflict("本年度评先名单尚未确认。")
    names = list(confirmation.winners.values_list("award__name", "unit__name"))
    record(
        actor=actor,
        action="awards.reopened",
        target=scheme,
        summary=f"撤销{scheme}评先名单确认：{reason}",
        reason=reason,
        winners=names,
    )
    confirmation.delete()
