"""Every write to an item goes through these functions: views, the API, commands and
the demo loader all call them, so the rules and the audit trail hold everywhere."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from govdesk import policy
from govdesk.accounts.models import User
from govdesk.audit.services import history_of, model_diff, record
from govdesk.items.models import URGENCY_LIMITS, Classification, Item, ItemVersion, State
from govdesk.items.workflow import (
    TransitionError,
    check_kind,
    check_reopen_year,
    check_source,
    get_transition,
    is_report_first,
    reaches_office_on,
)
from govdesk.lib import clock
from govdesk.lib.text import NOTE_MAX, validate_plain_text
from govdesk.publications.models import Adoption, Column, Publication

# Fields a writer or editor may change through ``item_update``.
TEXT_FIELDS = ("title", "body")
EDITABLE_FIELDS = (*TEXT_FIELDS, "kind", "urgency", "classification", "public_release", "topics")
# The credit (署名): set when the item is written, changed only by ``item_credit_change``.
# Authorship feeds officer statistics and awards, so an editor's save must never touch it.
CREDIT_FIELDS = ("writer", "contact_phone")
CREDIT_MESSAGE = "执笔人、联系电话和作者是署名，修改正文不会改变署名；如需更改请使用“更改署名”。"
CLASSIFIED_MESSAGE = (
    "涉密信息不上网：本系统只接收“非涉密”信息。涉密内容请按保密规定通过机要渠道报送，"
    "不得录入本系统。"
)


class EditConflict(Exception):
    """Someone else changed or holds the item; the user's text must be kept and shown."""


def validate_fields(fields: dict, *, for_submission: bool = False) -> None:
    errors: dict[str, str] = {}
    if "classification" in fields and fields["classification"] != Classification.PUBLIC:
        errors["classification"] = CLASSIFIED_MESSAGE
    if "title" in fields and not (fields["title"] or "").strip():
        errors["title"] = "请填写标题。"
    if for_submission and not (fields.get("body") or "").strip():
        errors["body"] = "请以正文形式填写信息内容，不能只上传附件。"
    if errors:
        raise ValidationError(errors)


def _snapshot(item: Item, names=EDITABLE_FIELDS) -> dict:
    return {f: getattr(item, f) for f in names}


def _changed_by_others_since(item: Item, revision: int, actor) -> bool:
    """Whether anyone but ``actor`` saved the item after ``revision``. The writer's own
    autosaves bump the revision too and must not make their final save conflict."""
    return (
        history_of(item)
        .filter(action="item.edited", details__revision__gt=revision)
        .exclude(actor=actor)
        .exists()
    )


def _check_authors(unit, author_ids: list[int] | None) -> None:
    if not author_ids:
        return
    members = User.objects.filter(
        pk__in=author_ids, is_active=True, memberships__unit=unit, memberships__is_active=True
    ).values_list("pk", flat=True)
    if set(author_ids) - set(members):
        raise ValidationError({"authors": f"作者须为{unit}的在岗人员。"})


def _lock_holder(item: Item, actor):
    if item.locked_by_id and item.locked_by_id != actor.pk and item.locked_until > clock.now():
        return item.locked_by
    return None


@transaction.atomic
def item_create(*, actor, unit, fields: dict, author_ids: list[int] | None = None) -> Item:
    if not policy.can(actor, "unit.write_items", unit):
        raise policy.PermissionDenied("您不能为该单位报送信息。")
    validate_fields(fields)
    _check_authors(unit, author_ids)
    item = Item(unit=unit, office=unit.superior_office(), created_by=actor, updated_by=actor)
    for name in (*EDITABLE_FIELDS, *CREDIT_FIELDS):
        if name in fields:
            setattr(item, name, fields[name])
    # The unit and the actor were just read: no need to look them up again.
    item.full_clean(exclude=["office", "created_by", "unit", "updated_by"])
    item.save()
    item.authors.add(*(author_ids or [actor.pk]))  # a new item has none to replace
    record(actor=actor, action="item.created", target=item, summary=f"起草信息《{item.title}》")
    return item


@transaction.atomic
def item_update(*, item_id: int, actor, fields: dict, revision: int, note: str = "") -> Item:
    """Change an item's text and attributes, refusing to overwrite anyone else's work.
    The credit (执笔人、联系电话、作者) is not among them: see ``item_credit_change``."""
    if set(fields) & {*CREDIT_FIELDS, "authors"}:
        raise ValidationError(CREDIT_MESSAGE)
    item = Item.objects.select_for_update(of=("self",)).select_related("locked_by").get(pk=item_id)
    policy.require(actor, "item.edit", item)
    holder = _lock_holder(item, actor)
    if holder:
        raise EditConflict(f"该信息正在由 {holder} 编辑，您的修改未保存。")
    if revision != item.revision and _changed_by_others_since(item, revision, actor):
        raise EditConflict(
            f"该信息已于 {timezone.localtime(item.updated_at):%H:%M:%S} 被他人修改，"
            "您的修改未保存，请核对最新内容后再保存。"
        )
    validate_fields(fields)
    before = _snapshot(item)
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    item.full_clean(exclude=["office", "created_by"])
    changes = model_diff(before, _snapshot(item))
    if not changes:
        return item
    item.revision += 1
    item.updated_by = actor
    item.save()
    if item.state >= State.SUBMITTED and any(f in changes for f in TEXT_FIELDS):
        _add_version(item, actor, note or "编辑修改")
    record(
        actor=actor,
        action="item.edited",
        target=item,
        summary=f"修改信息《{item.title}》" + (f"：{note}" if note else ""),
        changes=changes,
        revision=item.revision,
    )
    return item


@transaction.atomic
def item_credit_change(
    *,
    item_id: int,
    actor,
    writer: str,
    contact_phone: str,
    author_ids: list[int],
    reason: str = "",
) -> Item:
    """Change who is credited with an item (署名): the unit's own writers and reviewers
    only, as its own change-log entry with the values before and after. The text,
    its versions and the revision are not touched, so nobody's open form goes stale."""
    item = Item.objects.select_for_update(of=("self",)).select_related("unit").get(pk=item_id)
    policy.require(actor, "item.change_credit", item)
    author_ids = sorted(set(author_ids))
    if not author_ids:
        raise ValidationError({"authors": "请至少选择一位作者。"})
    _check_authors(item.unit, author_ids)
    before = {
        **_snapshot(item, CREDIT_FIELDS),
        "authors": sorted(item.authors.values_list("pk", flat=True)),
    }
    item.writer, item.contact_phone = writer.strip(), contact_phone.strip()
    item.full_clean(exclude=["office", "created_by"])
    changes = model_diff(before, {**_snapshot(item, CREDIT_FIELDS), "authors": author_ids})
    if not changes:
        return item
    item.save(update_fields=[*CREDIT_FIELDS, "updated_at"])
    item.authors.set(author_ids)
    record(
        actor=actor,
        action="item.credit_changed",
        target=item,
        summary=f"更改署名：《{item.title}》",
        changes=changes,
        reason=reason.strip(),
    )
    return item


def _add_version(item: Item, actor, note: str) -> ItemVersion | None:
    last = item.versions.order_by("-number").first()
    if last and last.title == item.title and last.body == item.body:
        return None
    return ItemVersion.objects.create(
        item=item,
        number=(last.number + 1) if last else 1,
        title=item.title,
        body=item.body,
        author=actor,
        note=note,
    )


# What may not be submitted is known above items (quality's classification words), so
# those apps register their checks from AppConfig.ready(): each takes the title and
# body and returns why the item may not be submitted, empty to let it through.
_submission_checks: list[Callable[[str, str], list[str]]] = []


def register_submission_check(check: Callable[[str, str], list[str]]) -> None:
    if check not in _submission_checks:
        _submission_checks.append(check)


def _check_submission(item: Item, **_) -> None:
    validate_fields(_snapshot(item), for_submission=True)
    if problems := [p for check in _submission_checks for p in check(item.title, item.body)]:
        raise ValidationError({"body": problems})


def _sign(item: Item, *, actor, now, **_) -> State:
    # A report-first item already reached the office once, on its submission.
    earlier = item.submission_count - (1 if is_report_first(item.kind) else 0)
    item.reviewer = actor
    item.signed_off_at = now
    item.return_reason = ""
    return State.RESUBMITTED if earlier else State.SUBMITTED


def _deliver(item: Item, *, action, now, **_) -> None:
    """The action that reaches the office (``reaches_office_on``) starts its clock."""
    if action == reaches_office_on(item.kind):
        item.submitted_at = item.submitted_at or now
        item.last_submitted_at = now
        item.submission_count += 1
        item.due_at = now + URGENCY_LIMITS[item.urgency]


def _keep_version(item: Item, *, actor, **_) -> None:
    _add_version(item, actor, "报送稿" if item.submission_count == 1 else "重新报送稿")


def _keep_return_reason(item: Item, *, reason, **_) -> None:
    item.return_reason = reason


def _decide(item: Item, *, now, **_) -> None:
    item.decided_at = now


def _keep_reject_reason(item: Item, *, reason, **_) -> None:
    item.reject_reason = reason


def _reopen(item: Item, *, now, **_) -> State:
    check_reopen_year(item.decided_at, now)
    # Back on the desk as it arrived, with a fresh handling limit from now.
    item.decided_at, item.reject_reason = None, ""
    item.due_at = now + URGENCY_LIMITS[item.urgency]
    return State.RESUBMITTED if item.submission_count > 1 else State.SUBMITTED


# The effects a transition names (``workflow.Transition.effects``); one may return
# the target state when the table leaves it to the service.
_EFFECTS = {
    "check_submission": _check_submission,
    "sign": _sign,
    "deliver": _deliver,
    "keep_version": _keep_version,
    "keep_return_reason": _keep_return_reason,
    "decide": _decide,
    "keep_reject_reason": _keep_reject_reason,
    "reopen": _reopen,
}


@transaction.atomic
def item_transition(*, item_id: int, action: str, actor, reason: str = "") -> Item:
    """Move an item along the workflow; adoption and forwarding have their own services."""
    if action in ("adopt", "forward"):
        raise TransitionError("请使用采用或转报功能。")
    transition = get_transition(action)
    item = Item.objects.select_for_update().get(pk=item_id)
    policy.require(actor, transition.permission, item)
    check_source(transition, item.state)
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise TransitionError(f"“{transition.label}”须填写原因。")
    if len(reason) > NOTE_MAX:
        raise ValidationError({"reason": f"原因不能超过 {NOTE_MAX} 个字符。"})
    validate_plain_text(reason)
    check_kind(transition, item.kind)
    now = clock.now()
    old_state = item.state
    target = transition.target
    for effect in transition.effects:
        target = (
            _EFFECTS[effect](item, action=action, actor=actor, now=now, reason=reason) or target
        )
    item.state = target
    item.locked_by = None
    item.locked_until = None
    item.save()
    record(
        actor=actor,
        action=f"item.{action}",
        target=item,
        summary=f"{transition.label}：《{item.title}》",
        from_state=old_state,
        to_state=target,
        reason=reason,
    )
    return item


@transaction.atomic
def item_adopt(
    *,
    item_id: int,
    actor,
    publication: Publication,
    column: Column | None,
    kind: str,
    note: str = "",
) -> Adoption:
    transition = get_transition("adopt")
    item = Item.objects.select_for_update().get(pk=item_id)
    policy.require(actor, transition.permission, item)
    check_source(transition, item.state)
    if publication.office_id != item.office_id or not publication.is_active:
        raise TransitionError(f"{publication}不是本单位可用的刊物。")
    if column is not None and (column.publication_id != publication.pk or not column.is_active):
        raise TransitionError(f"栏目“{column.name}”不属于{publication}或已停用。")
    if column is None and publication.columns.filter(is_active=True).exists():
        raise TransitionError(f"请为{publication}选择栏目。")
    allowed = dict((column or publication).kind_choices())
    if kind not in allowed:
        raise TransitionError(f"{publication}不支持该采用类型。")
    if item.adoptions.filter(publication=publication).exists():
        raise TransitionError(f"该信息已被{publication}采用，不能重复采用。")
    now = clock.now()
    adoption = Adoption.objects.create(
        item=item,
        publication=publication,
        column=column,
        kind=kind,
        adopted_by=actor,
        adopted_at=now,
        note=note.strip(),
    )
    old_state = item.state
    item.state = State.ADOPTED
    item.decided_at = item.decided_at or now
    item.locked_by = None
    item.locked_until = None
    item.save()
    record(
        actor=actor,
        action="item.adopt",
        target=item,
        summary=f"采用：《{item.title}》→ {adoption}",
        from_state=old_state,
        to_state=State.ADOPTED,
        adoption_id=adoption.pk,
        publication=publication.name,
        column=column.name if column else "",
        kind=kind,
    )
    return adoption


@transaction.atomic
def item_forward(*, item_id: int, actor, note: str = "") -> Item:
    """Send an item on to the office's own superior office as the office's copy (转报)."""
    transition = get_transition("forward")
    item = Item.objects.select_for_update(of=("self",)).select_related("office").get(pk=item_id)
    policy.require(actor, transition.permission, item)
    check_source(transition, item.state)
    if Item.objects.filter(forwarded_from=item).exists():
        raise TransitionError("该信息已转报，不能重复转报。")
    superior = item.office.superior_office()
    now = clock.now()
    copy = Item.objects.create(
        unit=item.office,
        office=superior,
        created_by=actor,
        reviewer=actor,
        state=State.SUBMITTED,
        signed_off_at=now,
        submitted_at=now,
        last_submitted_at=now,
        submission_count=1,
        due_at=now + URGENCY_LIMITS[item.urgency],
        forwarded_from=item,
        **_snapshot(item, (*EDITABLE_FIELDS, *CREDIT_FIELDS)),
    )
    copy.authors.set(item.authors.all())
    for attachment in item.attachments.all():
        attachment.pk = None
        attachment.item = copy
        attachment.save()
    _add_version(copy, actor, "转报稿")
    record(
        actor=actor,
        action="item.forward",
        target=item,
        summary=f"转报{superior}：《{item.title}》",
        copy_id=copy.pk,
        to_office=superior.name,
        note=note,
    )
    record(
        actor=actor,
        action="item.created",
        target=copy,
        summary=f"由{item.unit}报送信息转报：《{copy.title}》",
        forwarded_from=item.pk,
    )
    return copy


def item_lock(*, item: Item, actor):
    """Take or renew the editing lease. Returns the other holder, or None if ours."""
    now = clock.now()
    lease = timedelta(seconds=settings.GOVDESK_EDIT_LEASE_SECONDS)
    claimed = (
        Item.objects.filter(pk=item.pk)
        .filter(Q(locked_by__isnull=True) | Q(locked_until__lt=now) | Q(locked_by=actor))
        .update(locked_by=actor, locked_until=now + lease)
    )
    if claimed:
        return None
    item.refresh_from_db(fields=["locked_by", "locked_until"])
    return item.locked_by


def item_unlock(*, item: Item, actor) -> None:
    Item.objects.filter(pk=item.pk, locked_by=actor).update(locked_by=None, locked_until=None)
