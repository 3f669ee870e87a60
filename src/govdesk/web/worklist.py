"""What waits for each role on the 工作台: sections composed from each app's selectors
(which apply the permission policy), shown to the roles whose work they are."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.accounts.selectors import never_signed_in, users_managed_by, without_officer
from govdesk.annotations import selectors as annotations
from govdesk.bulletins import selectors as bulletins
from govdesk.circulars.selectors import drafts_to_issue
from govdesk.emergencies import selectors as emergencies
from govdesk.lib import clock
from govdesk.notifications.selectors import failed_mail

SHOWN = 5  # rows per section; the heading gives the full count and links to the rest


@dataclass
class Row:
    text: str
    url: str = ""
    note: str = ""
    alert: bool = False  # overdue or urgent


@dataclass
class Section:
    title: str
    empty: str
    more_url: str = ""
    count: int = 0
    rows: list[Row] = field(default_factory=list)


def _section(title, queryset, row, *, empty, more_url="") -> Section:
    shown = list(queryset[:SHOWN])
    count = len(shown) if len(shown) < SHOWN else queryset.count()
    return Section(title, empty, more_url, count, [row(obj) for obj in shown])


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%m-%d %H:%M") if moment else ""


def _event_row(event) -> Row:
    due = f"下次报告 {_when(event.next_due_at)}" if event.next_due_at else "待续报"
    return Row(
        f"{event.title}（{event.unit.display_name}）",
        reverse("emergencies:event", args=[event.pk]),
        due,
        event.is_overdue,
    )


def _leader(user) -> list[Section]:
    return [
        _section(
            "新印发未读的刊期",
            bulletins.unread_issues(viewer=user),
            lambda i: Row(str(i), reverse("bulletins:detail", args=[i.pk]), _when(i.released_at)),
            empty="没有未读的刊期",
            more_url=reverse("bulletins:list"),
        ),
        _section(
            "待批示的信息",
            annotations.awaiting_annotation(viewer=user),
            lambda i: Row(i.title, reverse("items:detail", args=[i.pk]), i.unit.display_name),
            empty="近30天印发的信息均已阅批",
        ),
        _section(
            "逾期未办结的督办",
            annotations.overdue_for_leader(viewer=user),
            lambda t: Row(
                f"{t.annotation.item.title}（{t.unit.display_name}）",
                reverse("items:detail", args=[t.annotation.item_id]),
                f"期限 {t.deadline:%m-%d}",
                True,
            ),
            empty="没有逾期的督办事项",
        ),
    ]


def _events(user) -> Section:
    return _section(
        "正在处置的突发事件",
        emergencies.watched_events(user=user),
        _event_row,
        empty="没有正在处置的突发事件",
        more_url=reverse("emergencies:board"),
    )


def _duty(user) -> list[Section]:
    today = timezone.localdate(clock.now())
    return [
        _section(
            "未确认的预警",
            emergencies.my_alerts(user=user),
            lambda a: Row(
                a.message.subject,
                reverse("emergencies:event", args=[a.message.event_id]),
                _when(a.message.created_at),
                True,
            ),
            empty="没有待确认的预警",
        ),
        _section(
            "24小时内到期的报告",
            emergencies.reports_due(user=user),
            _event_row,
            empty="没有即将到期的报告",
        ),
        _section(
            f"今日（{today:%m月%d日}）未排值班的单位",
            emergencies.roster_gaps(user=user, day=today),
            lambda u: Row(u.display_name, reverse("emergencies:duty"), alert=True),
            empty="今日各单位均已排班",
            more_url=reverse("emergencies:duty"),
        ),
    ]


def _chief(user) -> list[Section]:
    return [
        _section(
            "待签发、印发的刊期",
            bulletins.issues_to_sign(viewer=user),
            lambda i: Row(
                f"{i.publication}{i.title or i.number_label}",
                reverse("bulletins:detail", args=[i.pk]),
                "待印发" if i.state else "待签发",
            ),
            empty="没有待签发的刊期",
            more_url=reverse("bulletins:list"),
        ),
        _section(
            "待签发的通报",
            drafts_to_issue(user=user),
            lambda c: Row(c.title, reverse("circulars:detail", args=[c.pk]), c.period_label),
            empty="没有待签发的通报",
            more_url=reverse("circulars:index"),
        ),
    ]


def _unit(user) -> list[Section]:
    today = timezone.localdate(clock.now())
    return [
        _section(
            "督办事项",
            annotations.unit_tasks(viewer=user),
            lambda t: Row(
                t.annotation.item.title,
                reverse("annotations:task", args=[t.pk]),
                f"{t.get_state_display()} · 期限 {t.deadline:%m-%d}",
                t.state == 0 and t.deadline < today,
            ),
            empty="没有待办的督办事项",
            more_url=reverse("annotations:tasks"),
        ),
    ]


def _admin(user) -> list[Section]:
    managed = policy.managed_units(user)
    offices = managed.filter(kind="office")
    deliveries = emergencies.failed_deliveries(offices=offices)
    mails = failed_mail(users=users_managed_by(user))
    return [
        _section(
            "从未登录的账号",
            never_signed_in(actor=user).prefetch_related("memberships__unit"),
            lambda u: Row(
                str(u),
                note="、".join(
                    f"{m.unit.display_name}{m.get_role_display()}"
                    for m in u.memberships.all()
                    if m.is_active
                ),
            ),
            empty="所有账号都已登录过",
        ),
        _section(
            "没有信息员的单位",
            without_officer(managed),
            lambda u: Row(u.display_name, reverse("units:list") + f"?q={u.name}", alert=True),
            empty="各单位都有信息员",
            more_url=reverse("units:list"),
        ),
        _section(
            "发送失败的预警",
            deliveries,
            lambda d: Row(
                f"{d.get_channel_display()} → {d.target}",
                d.message.url,
                d.last_error,
                True,
            ),
            empty="没有发送失败的预警",
        ),
        _section(
            "发送失败的邮件",
            mails,
            lambda d: Row(f"{d.message.subject}（{d.user}）", note=d.last_error, alert=True),
            empty="没有发送失败的邮件",
        ),
    ]


def sections(user) -> list[Section]:
    """The 工作台 sections for every role the user holds, each section once."""
    held = policy.roles(user).all_roles()
    result: list[Section] = []
    if Role.LEADER in held:
        result += _leader(user)
    if held & {Role.LEADER, Role.DUTY}:
        result.append(_events(user))
    if Role.DUTY in held:
        result += _duty(user)
    if Role.CHIEF in held:
        result += _chief(user)
    if held & policy.FEEDBACK_ROLES - {Role.EDITOR, Role.CHIEF}:
        result += _unit(user)
    if Role.ADMIN in held:
        result += _admin(user)
    return result
