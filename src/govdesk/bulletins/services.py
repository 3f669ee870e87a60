"""Write services for issues (期): assembling, signing, releasing, voiding, reading.
Every state change is written to the change log."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from govdesk import policy
from govdesk.audit.services import model_diff, record
from govdesk.bulletins.models import (
    Issue,
    IssueCounter,
    IssueEntry,
    IssueRead,
    IssueRecipient,
    IssueState,
)
from govdesk.items.models import Item, State
from govdesk.lib import clock
from govdesk.lib.text import BODY_MAX, NOTE_MAX, text_problem
from govdesk.publications.models import Publication
from govdesk.publications.services import distribution_overlap


class IssueError(Exception):
    """A request the issue's state or content does not allow; the message is for people."""


def _locked_issue(issue_id: int) -> Issue:
    return (
        Issue.objects.select_for_update(of=("self",)).select_related("publication").get(pk=issue_id)
    )


def _editable(actor, issue_id: int) -> Issue:
    issue = _locked_issue(issue_id)
    policy.require(actor, "issue.edit", issue)
    if issue.state != IssueState.DRAFT:
        raise IssueError("本期已签发，不能再修改。")
    return issue


@transaction.atomic
def issue_create(*, actor, publication: Publication, supplement: bool = False, title: str = ""):
    if publication.is_external:
        raise IssueError("外部刊物不在本系统编印。")
    if problem := text_problem("本期标题", title, Issue._meta.get_field("title").max_length):
        raise IssueError(problem)
    issue = Issue(publication=publication, supplement=supplement, title=title, editor=actor)
    if not policy.can(actor, "issue.edit", issue):
        raise PermissionDenied("您不是该刊物的编辑。")
    issue.save()
    # Every issue starts from the publication's default distribution (then edited freely).
    send_users = list(publication.default_send_users.all())
    send_units = list(publication.default_send_units.all())
    copy_units = list(publication.default_copy_units.all())
    IssueRecipient.objects.bulk_create(
        _recipient_rows(issue, send_users=send_users, send_units=send_units, copy_units=copy_units)
    )
    kind = "增刊" if supplement else "一期"
    record(
        actor=actor,
        action="issue.created",
        target=issue,
        summary=f"新编{publication}{kind}",
        **_recipient_ids(send_users=send_users, send_units=send_units, copy_units=copy_units),
    )
    return issue


def _recipient_rows(issue, *, send_users, send_units, copy_units) -> list[IssueRecipient]:
    rows = [IssueRecipient(issue=issue, kind="send", user=u) for u in send_users]
    rows += [IssueRecipient(issue=issue, kind="send", unit=u) for u in send_units]
    rows += [IssueRecipient(issue=issue, kind="copy", unit=u) for u in copy_units]
    return rows


def _recipient_ids(*, send_users, send_units, copy_units) -> dict[str, list[int]]:
    """The distribution as the change log keeps it."""
    return {
        "users": [u.pk for u in send_users],
        "send_units": [u.pk for u in send_units],
        "copy_units": [u.pk for u in copy_units],
    }


def _adopted_here(items, publication: Publication) -> list[Item]:
    """Items of the list that are not adopted into ``publication`` (the release refuses)."""
    return [
        item
        for item in items
        if item.state != State.ADOPTED
        or not item.adoptions.filter(publication=publication).exists()
    ]


def _check_text(title: str, body: str, editor_note: str) -> None:
    """The limits of the item form, for article text edited outside it."""
    for label, value, limit in (
        ("标题", title, IssueEntry._meta.get_field("title").max_length),
        ("正文", body, BODY_MAX),
        ("编者按", editor_note, NOTE_MAX),
    ):
        if problem := text_problem(label, value, limit):
            raise IssueError(problem)


@transaction.atomic
def entry_add(
    *,
    actor,
    issue_id: int,
    item_ids: list[int],
    title: str = "",
    body: str = "",
    editor_note: str = "",
) -> IssueEntry:
    """Put adopted items into the issue: one item as it stands, several as one 综合信息
    article (title and body then come from the editor) crediting every unit."""
    issue = _editable(actor, issue_id)
    _check_text(title, body, editor_note)
    items = list(Item.objects.filter(pk__in=item_ids).select_related("unit").order_by("pk"))
    if not items or len(items) != len(set(item_ids)):
        raise IssueError("请选择要编入的信息。")
    if _adopted_here(items, issue.publication):
        raise IssueError(f"只能编入已被{issue.publication}采用的信息。")
    combined = len(items) > 1
    if combined and not (title.strip() and body.strip()):
        raise IssueError("综合信息须填写标题和正文。")
    adoption = items[0].adoptions.filter(publication=issue.publication).first()
    position = (issue.entries.aggregate(m=Max("position"))["m"] or 0) + 1
    entry = IssueEntry.objects.create(
        issue=issue,
        position=position,
        column=None if combined else adoption.column,
        title=title.strip() or items[0].title,
        body=body.strip() or items[0].body,
        editor_note=editor_note.strip(),
        combined=combined,
    )
    entry.items.set(items)
    record(
        actor=actor,
        action="issue.entry_added",
        target=issue,
        summary=f"编入{'综合信息' if combined else '信息'}《{entry.title}》",
        entry_id=entry.pk,
        item_ids=[i.pk for i in items],
        combined=combined,
        unit_ids=[u.pk for u in entry.credited_units()],
    )
    return entry


@transaction.atomic
def entry_update(*, actor, entry_id: int, title: str, body: str, editor_note: str = ""):
    entry = IssueEntry.objects.get(pk=entry_id)
    _editable(actor, entry.issue_id)
    before = {"title": entry.title, "body": entry.body, "editor_note": entry.editor_note}
    after = {"title": title.strip(), "body": body.strip(), "editor_note": editor_note.strip()}
    if not after["title"] or not after["body"]:
        raise IssueError("标题和正文不能为空。")
    _check_text(**after)
    changes = model_diff(before, after)
    if not changes:
        return entry
    for name, value in after.items():
        setattr(entry, name, value)
    entry.save()
    record(
        actor=actor,
        action="issue.entry_edited",
        target=entry.issue,
        summary=f"修改本期文章《{entry.title}》",
        entry_id=entry.pk,
        changes=changes,
    )
    return entry


@transaction.atomic
def entry_move(*, actor, entry_id: int, offset: int) -> None:
    """Swap the article with its neighbour above (-1) or below (+1)."""
    entry = IssueEntry.objects.get(pk=entry_id)
    issue = _editable(actor, entry.issue_id)
    entries = list(issue.entries.order_by("position", "id"))
    index = entries.index(entry)
    other = index + offset
    if not 0 <= other < len(entries):
        return
    entries[index], entries[other] = entries[other], entries[index]
    for position, each in enumerate(entries, start=1):
        IssueEntry.objects.filter(pk=each.pk).update(position=position)
    record(
        actor=actor,
        action="issue.entry_moved",
        target=issue,
        summary=f"调整《{entry.title}》的顺序",
        order=[e.pk for e in entries],
    )


@transaction.atomic
def entry_remove(*, actor, entry_id: int) -> None:
    entry = IssueEntry.objects.get(pk=entry_id)
    issue = _editable(actor, entry.issue_id)
    record(
        actor=actor,
        action="issue.entry_removed",
        target=issue,
        summary=f"移出《{entry.title}》",
        entry_id=entry.pk,
    )
    entry.delete()


@transaction.atomic
def issue_set_recipients(*, actor, issue_id: int, send_users=(), send_units=(), copy_units=()):
    """Replace the distribution list: leaders and units it is sent to (报送), units
    copied (抄送)."""
    issue = _editable(actor, issue_id)
    chosen = {"send_users": send_users, "send_units": send_units, "copy_units": copy_units}
    if refusal := distribution_overlap(send_units=send_units, copy_units=copy_units):
        raise IssueError(refusal)
    issue.recipients.all().delete()
    IssueRecipient.objects.bulk_create(_recipient_rows(issue, **chosen))
    record(
        actor=actor,
        action="issue.recipients_set",
        target=issue,
        summary="设置报送、抄送范围",
        **_recipient_ids(**chosen),
    )


def _check_content(issue: Issue) -> None:
    entries = list(issue.entries.prefetch_related("items"))
    if not entries:
        raise IssueError("本期还没有文章。")
    items = [item for entry in entries for item in entry.items.all()]
    stray = _adopted_here(items, issue.publication)
    if stray:
        titles = "、".join(f"《{i.title}》" for i in stray)
        raise IssueError(f"{titles}未被{issue.publication}采用，不能印发。")


@transaction.atomic
def issue_sign(*, actor, issue_id: int) -> Issue:
    issue = _locked_issue(issue_id)
    policy.require(actor, "issue.sign", issue)
    if issue.state != IssueState.DRAFT:
        raise IssueError("本期不在编辑中，不能签发。")
    _check_content(issue)
    issue.state = IssueState.SIGNED
    issue.signer = actor
    issue.signed_at = clock.now()
    issue.save()
    record(actor=actor, action="issue.signed", target=issue, summary=f"签发{issue.publication}")
    return issue


def next_number(*, publication: Publication, year: int, supplement: bool) -> int:
    """Take the next number of a series. Must run inside the caller's transaction: the
    counter row stays locked until it commits, so two releases never share a number and
    a rolled-back release gives its number back (nothing was printed with it)."""
    try:
        with transaction.atomic():
            IssueCounter.objects.get_or_create(
                publication=publication, year=year, supplement=supplement
            )
    except IntegrityError:
        pass  # another release created the row first; lock it below
    counter = IssueCounter.objects.select_for_update().get(
        publication=publication, year=year, supplement=supplement
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def issue_release(*, actor, issue_id: int) -> Issue:
    """Number the issue and send it to its distribution list."""
    issue = _locked_issue(issue_id)
    policy.require(actor, "issue.sign", issue)
    if issue.state != IssueState.SIGNED:
        raise IssueError("本期须先签发才能印发。")
    _check_content(issue)
    now = clock.now()
    issue.date = timezone.localdate(now)
    issue.year = issue.date.year
    issue.number = next_number(
        publication=issue.publication, year=issue.year, supplement=issue.supplement
    )
    if not issue.supplement:  # 增刊 are numbered on their own, outside the running total
        issue.total_number = next_number(publication=issue.publication, year=0, supplement=False)
    issue.state = IssueState.RELEASED
    issue.released_at = now
    issue.save()
    record(
        actor=actor,
        action="issue.released",
        target=issue,
        summary=f"印发{issue}",
        number=issue.number,
        total_number=issue.total_number,
        year=issue.year,
    )
    return issue


@transaction.atomic
def issue_void(*, actor, issue_id: int, reason: str) -> Issue:
    """Withdraw a released issue. Its number stays taken and the reason explains the gap."""
    issue = _locked_issue(issue_id)
    policy.require(actor, "issue.sign", issue)
    if issue.state != IssueState.RELEASED:
        raise IssueError("只有已印发的刊期可以作废。")
    if not reason.strip():
        raise IssueError("请填写作废原因。")
    issue.state = IssueState.VOIDED
    issue.void_reason = reason.strip()[:200]
    issue.save()
    record(actor=actor, action="issue.voided", target=issue, summary=f"作废{issue}", reason=reason)
    return issue


def issue_mark_read(*, issue: Issue, user) -> bool:
    """Record the first reading of a released issue; the receipt row is its own record
    (not the change log, which would fill with one line per page view)."""
    if issue.state != IssueState.RELEASED:
        return False
    _, created = IssueRead.objects.get_or_create(issue=issue, user=user)
    return created
