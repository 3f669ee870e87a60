"""Writes for issued notices (通报): prepare a period's draft, issue it (which freezes
its content and its .docx/.xlsx bytes under a 文号), withdraw it with a reason; and
the drafts the worker prepares after each month. Every change is in the change log."""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from govdesk import policy
from govdesk.audit.services import record
from govdesk.circulars.models import Circular, Kind, State
from govdesk.core.calendar import deadline_after
from govdesk.emergencies import notice as duty_notice
from govdesk.emergencies.models import SpotCheck
from govdesk.emergencies.selectors import duty_month
from govdesk.lib import clock, periods
from govdesk.scoring import exports, ledger, notices
from govdesk.scoring.models import Scheme, SchemeStatus
from govdesk.units.models import Unit

NUMBER = re.compile(r"(?P<prefix>.*〔)(?P<year>\d{4})〕(?P<n>\d+)号")

_PERIODS = {
    Kind.SCORING_MONTH: periods.month,
    Kind.SCORING_QUARTER: periods.quarter,
    Kind.SCORING_YEAR: lambda year, _number: periods.whole_year(year),
    Kind.DUTY_MONTH: periods.month,
}
NUMBERS = {
    Kind.SCORING_MONTH: range(1, 13),
    Kind.SCORING_QUARTER: range(1, 5),
    Kind.SCORING_YEAR: range(1),
    Kind.DUTY_MONTH: range(1, 13),
}
KIND_OF_PERIOD = {
    "month": Kind.SCORING_MONTH,
    "quarter": Kind.SCORING_QUARTER,
    "year": Kind.SCORING_YEAR,
}


def period_of(kind: str, year: int, number: int) -> periods.Period:
    return _PERIODS[kind](year, number)


def suggest_number(*, office: Unit, year: int) -> str:
    """The next 文号 of the office's series: its last issued number plus one (restarting
    at 1 in a new year), or 〔year〕1号 under the office's short name."""
    used = Circular.objects.filter(office=office).exclude(state=State.DRAFT)
    last = used.order_by("-issued_at", "-pk").values_list("doc_number", flat=True).first()
    match = NUMBER.fullmatch(last or "")
    if match:
        prefix = f"{match['prefix']}{year}〕"
        n = int(match["n"]) + 1 if int(match["year"]) == year else 1
    else:
        prefix, n = f"{office.short_name or office.name}信息通〔{year}〕", 1
    taken = set(used.filter(doc_year=year).values_list("doc_number", flat=True))
    while f"{prefix}{n}号" in taken:
        n += 1
    return f"{prefix}{n}号"


def _require(actor, circular: Circular, permission: str = "circular.issue") -> None:
    # No actor: the worker or a command, acting for the system.
    if actor is not None:
        policy.require(actor, permission, circular)


@transaction.atomic
def circular_prepare(*, actor, office: Unit, kind: str, year: int, number=0) -> Circular:
    """The period's draft: the one that exists, or a new one with a suggested 文号.
    ``number``: the month or quarter (0 for a year), as typed or as a number."""
    try:
        number = int(number or 0)
    except (TypeError, ValueError):
        number = -1
    if kind not in NUMBERS or number not in NUMBERS[kind]:
        raise ValidationError("通报期间不正确，请重新选择月份或季度。")
    period = period_of(kind, year, number)
    draft = Circular(
        office=office,
        kind=kind,
        period_start=period.start,
        period_end=period.end,
        period_number=period.number,
        period_label=period.label,
        prepared_by=actor,
        prepared_at=clock.now(),
    )
    _require(actor, draft)
    existing = Circular.objects.filter(
        office=office, kind=kind, period_start=period.start, period_end=period.end
    )
    if found := existing.filter(state=State.DRAFT).first():
        return found
    if draft.is_scoring:
        draft.scheme = ledger.in_force(office.pk, year).first()
        if draft.scheme is None:
            raise ValidationError(f"{office.name}{year}年没有执行中的考核方案，不能生成信息通报。")
        draft.title = notices.Notice.title_for(period)
    else:
        draft.title = duty_notice.duty_title(period.start)
    draft.doc_number = suggest_number(office=office, year=timezone.localdate(clock.now()).year)
    draft.save()
    record(
        actor=actor,
        action="circular.prepare",
        target=draft,
        summary=f"拟制通报草稿：{draft.title}",
        kind=kind,
        period=period.label,
    )
    return draft


def _frozen(circular: Circular, doc_number: str) -> tuple[dict, bytes, bytes]:
    """The notice as it stands now: page content, .docx and .xlsx."""
    period = period_of(circular.kind, circular.period_start.year, circular.period_number)
    office = circular.office
    if circular.is_scoring:
        if circular.scheme is None:
            raise ValidationError("该通报的考核方案已被删除，不能签发。")
        live = notices.notice(circular.scheme, period)
        docx = exports.notice_docx(live, doc_number=doc_number)
        return live.snapshot(), docx, exports.notice_xlsx(live, doc_number=doc_number)
    checks = list(duty_month(office=office, month=period.start))
    data = duty_notice.duty_snapshot(office_names=office.name, month=period.start, checks=checks)
    docx = duty_notice.duty_notice_docx_bytes(data, office=office.name, doc_number=doc_number)
    return data, docx, duty_notice.duty_notice_xlsx_bytes(month=period.start, checks=checks)


@transaction.atomic
def circular_issue(*, actor, circular_id: int, doc_number: str) -> Circular:
    """Issue a draft under ``doc_number``: its content and files are taken now and never
    change again."""
    circular = Circular.objects.select_for_update().select_related("office").get(pk=circular_id)
    _require(actor, circular)
    if circular.state != State.DRAFT:
        raise ValidationError("该通报已签发或已撤回，不能再次签发。")
    doc_number = doc_number.strip()
    moment = clock.now()
    year = timezone.localdate(moment).year
    if not doc_number:
        raise ValidationError({"doc_number": "请填写文号。"})
    if len(doc_number) > Circular._meta.get_field("doc_number").max_length:
        raise ValidationError({"doc_number": "文号不能超过50个字。"})
    used = Circular.objects.filter(office=circular.office, doc_year=year).exclude(state=State.DRAFT)
    if used.filter(doc_number=doc_number).exists():
        suggestion = suggest_number(office=circular.office, year=year)
        raise ValidationError(
            {"doc_number": f"文号“{doc_number}”本年度已使用，建议使用“{suggestion}”。"}
        )
    issued = Circular.objects.filter(
        office=circular.office,
        kind=circular.kind,
        period_start=circular.period_start,
        period_end=circular.period_end,
        state=State.ISSUED,
    ).first()
    if issued is not None:
        raise ValidationError(f"本期通报已签发（{issued.doc_number}），如需重新签发请先撤回。")
    circular.content, circular.docx, circular.xlsx = _frozen(circular, doc_number)
    circular.doc_number, circular.doc_year = doc_number, year
    circular.state, circular.issued_by, circular.issued_at = State.ISSUED, actor, moment
    try:
        with transaction.atomic():
            circular.save()
    except IntegrityError as error:  # someone issued this period or number a moment ago
        raise ValidationError("本期通报或该文号刚刚已被签发，请刷新页面后核对。") from error
    record(
        actor=actor,
        action="circular.issue",
        target=circular,
        summary=f"签发通报 {doc_number}：{circular.title}",
        doc_number=doc_number,
        **{"from": State.DRAFT, "to": State.ISSUED},
    )
    return circular


@transaction.atomic
def circular_withdraw(*, actor, circular_id: int, reason: str) -> Circular:
    circular = Circular.objects.select_for_update().select_related("office").get(pk=circular_id)
    _require(actor, circular)
    if circular.state != State.ISSUED:
        raise ValidationError("只有已签发的通报可以撤回。")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因。"})
    if len(reason) > Circular._meta.get_field("withdraw_reason").max_length:
        raise ValidationError({"reason": "撤回原因不能超过500个字。"})
    circular.state, circular.withdraw_reason = State.WITHDRAWN, reason
    circular.withdrawn_by, circular.withdrawn_at = actor, clock.now()
    circular.save(update_fields=["state", "withdraw_reason", "withdrawn_by", "withdrawn_at"])
    record(
        actor=actor,
        action="circular.withdraw",
        target=circular,
        summary=f"撤回通报 {circular.doc_number}：{reason}",
        reason=reason,
        **{"from": State.ISSUED, "to": State.WITHDRAWN},
    )
    return circular


# --- the worker --------------------------------------------------------------------


def first_workday(year: int, month: int) -> date:
    """The first working day of a month (statutory holidays, 调休 and the
    administrator's calendar entries applied)."""
    return deadline_after(date(year, month, 1) - timedelta(days=1), 1).day


def monthly_drafts(*, today: date) -> list[Circular]:
    """From the first working day of a month on, the previous month's drafts (see
    ``prepare_month``); before it, nothing. Safe to run as often as the worker likes."""
    if today < first_workday(today.year, today.month):
        return []
    previous = today.replace(day=1) - timedelta(days=1)
    return prepare_month(year=previous.year, month=previous.month)


def prepare_month(*, year: int, month: int) -> list[Circular]:
    """Draft notices after a month: the month's scoring notice of every office with a
    scheme in force (and the quarter's, the year's at their ends), and the month's duty
    notice of every office that made spot checks; the office's people who issue it are
    told. Each period's notice is prepared once: a period that has one in any state,
    even withdrawn, is left alone, so running this again prepares nothing twice."""
    made = []
    schemes = Scheme.objects.filter(year=year, status=SchemeStatus.IN_FORCE)
    for scheme in schemes.select_related("office"):
        wanted = [(Kind.SCORING_MONTH, month)]
        if month % 3 == 0:
            wanted.append((Kind.SCORING_QUARTER, month // 3))
        if month == 12:
            wanted.append((Kind.SCORING_YEAR, 0))
        for kind, number in wanted:
            made += _prepare_once(scheme.office, kind, year, number)
    start = periods.month(year, month)
    checked = SpotCheck.objects.filter(
        checked_at__gte=clock.midnight(start.start),
        checked_at__lt=clock.midnight(start.end + timedelta(1)),
    )
    for office in Unit.objects.filter(pk__in=checked.values("office_id")).order_by("path"):
        made += _prepare_once(office, Kind.DUTY_MONTH, year, month)
    return made


def _prepare_once(office: Unit, kind: str, year: int, number: int) -> list[Circular]:
    period = period_of(kind, year, number)
    existing = Circular.objects.filter(
        office=office, kind=kind, period_start=period.start, period_end=period.end
    )
    if existing.exists():
        return []
    try:
        draft = circular_prepare(actor=None, office=office, kind=kind, year=year, number=number)
    except IntegrityError:  # another worker prepared it a moment ago
        return []
    return [draft]
