"""/api/calendar and /api/words: the deployment-wide lists of 配置管理, as on the pages
节假日安排 (administrators, ``calendar.manage``) and 审核词表 (the offices' desks,
``words.manage``). Reads need the same check as the pages; writes go through
``core.calendar`` and ``quality.services``, which check it again and log every change."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router

from govdesk import policy
from govdesk.api.configuration_schemas import (
    BoilerplateIn,
    BoilerplateOut,
    CalendarDayOut,
    CalendarDaysIn,
    CalendarFilters,
    LexiconIn,
    LexiconOut,
)
from govdesk.core import calendar as holidays
from govdesk.core.models import CalendarDay
from govdesk.quality import services as words
from govdesk.quality.models import Boilerplate, LexiconEntry

calendar = Router(tags=["节假日安排"])
word_lists = Router(tags=["审核词表"])

NO_DAY = "该日期没有登记节假日安排。"
NO_ENTRY = "词条不存在。"


def _calendar_keeper(user) -> None:
    if not policy.can(user, "calendar.manage", None):
        raise PermissionDenied(holidays.CALENDAR_DENIED)


@calendar.get(
    "/days",
    response=list[CalendarDayOut],
    summary="节假日安排",
    description="一年中登记的放假日和调休上班日（管理员）；未登记的日子按星期计算。",
)
def calendar_days(request, filters: Query[CalendarFilters]):
    _calendar_keeper(request.auth)
    return CalendarDay.objects.filter(day__year=filters.year).order_by("day")


@calendar.put(
    "/days",
    response=list[CalendarDayOut],
    summary="登记节假日或调休上班",
    description="把开始到结束日期（含）登记为放假休息或调休上班，覆盖这些日子原有的登记。",
)
def calendar_days_set(request, payload: CalendarDaysIn):
    return holidays.calendar_days_set(
        actor=request.auth,
        start=payload.start,
        end=payload.end or payload.start,
        is_workday=payload.is_workday,
        note=payload.note,
    )


@calendar.delete(
    "/days/{day}",
    response=CalendarDayOut,
    summary="删除一天的安排",
    description="删除后该日按星期（或节假日数据）计算。",
)
def calendar_day_delete(request, day: date):
    _calendar_keeper(request.auth)
    entry = CalendarDay.objects.filter(day=day).first()
    if entry is None:
        raise Http404(NO_DAY)
    gone = CalendarDayOut.from_orm(entry)
    holidays.calendar_day_delete(actor=request.auth, entry=entry)
    return gone


def _word_keeper(user) -> None:
    policy.require_of(user, "words.manage", None, words.DENIED)


def _entry(model, user, entry_id: int):
    _word_keeper(user)
    entry = model.objects.filter(pk=entry_id).first()
    if entry is None:
        raise Http404(NO_ENTRY)
    return entry


@word_lists.get(
    "/boilerplate",
    response=list[BoilerplateOut],
    summary="套话词表",
    description="报送前检查提示的套话及修改建议（办公室的编辑和主编）。",
)
def boilerplate_list(request):
    _word_keeper(request.auth)
    return Boilerplate.objects.all()


@word_lists.post(
    "/boilerplate",
    response=BoilerplateOut,
    summary="新增或修改套话",
    description="套话不在表中则新增，已在表中则修改其建议。",
)
def boilerplate_set(request, payload: BoilerplateIn):
    return words.boilerplate_set(actor=request.auth, phrase=payload.phrase, advice=payload.advice)


@word_lists.delete(
    "/boilerplate/{entry_id}", response=BoilerplateOut, summary="删除套话", description="删除词条。"
)
def boilerplate_delete(request, entry_id: int):
    entry = _entry(Boilerplate, request.auth, entry_id)
    gone = BoilerplateOut.from_orm(entry)
    words.word_delete(actor=request.auth, entry=entry)
    return gone


@word_lists.get(
    "/lexicon",
    response=list[LexiconOut],
    summary="敏感词与密级词",
    description="命中密级词禁止报送，命中敏感词提醒报送人（办公室的编辑和主编）。",
)
def lexicon_list(request):
    _word_keeper(request.auth)
    return LexiconEntry.objects.all()


@word_lists.post(
    "/lexicon",
    response=LexiconOut,
    summary="新增或修改敏感词、密级词",
    description="词语不在表中则新增，已在表中则修改其处理方式和原因。",
)
def lexicon_set(request, payload: LexiconIn):
    return words.lexicon_set(
        actor=request.auth, word=payload.word, severity=payload.severity, reason=payload.reason
    )


@word_lists.delete(
    "/lexicon/{entry_id}",
    response=LexiconOut,
    summary="删除敏感词、密级词",
    description="删除词条。",
)
def lexicon_delete(request, entry_id: int):
    entry = _entry(LexiconEntry, request.auth, entry_id)
    gone = LexiconOut.from_orm(entry)
    words.word_delete(actor=request.auth, entry=entry)
    return gone
