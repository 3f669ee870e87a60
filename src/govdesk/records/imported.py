"""Import services: past records written as they were, beside the live services.

The live services (``item_create``, ``item_adopt``, ``annotation_create``,
``penalty_record``) act now, as someone at a desk, and start follow-up work (to-do
lists, supervision tasks, notifications). A record from the old system happened
months ago and is finished: it is written with its own dates, marked with an
``ImportedRecord``, and counted in the scoring ledger by the rebuild that ends the
import. The one change-log entry for all of them is ``records.imported``."""

from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone

from govdesk.accounts.models import User
from govdesk.annotations.models import Annotation
from govdesk.audit.services import record
from govdesk.bulletins.models import Issue, IssueCounter, IssueEntry, IssueState
from govdesk.items.models import URGENCY_LIMITS, Classification, Item, Urgency
from govdesk.lib import clock
from govdesk.publications.models import Adoption
from govdesk.records.models import ImportBatch, ImportedRecord
from govdesk.scoring.models import LearnedFrom, Penalty
from govdesk.solicitations.models import Solicitation, SolicitationResponse

ITEM_FIELDS = (
    "title",
    "body",
    "kind",
    "urgency",
    "submitted_at",
    "state",
    "decided_at",
    "writer",
    "topics",
)


def mark(batch: ImportBatch, obj, source_key: str = "") -> None:
    ImportedRecord.objects.create(
        batch=batch,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        source_key=source_key,
    )


def person_import(
    *, actor, batch: ImportBatch, username: str, full_name: str, email: str, phone: str
) -> User:
    """An account for someone on the old system's books. It has no usable password:
    an administrator resets it (``user_reset_password``) when the person starts here."""
    user = User(
        username=username, full_name=full_name, email=email, phone=phone, must_change_password=True
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    mark(batch, user)
    record(
        actor=actor,
        action="account.created",
        target=user,
        summary=f"导入往年台账开通账号“{username}”（{full_name}），须重置密码后登录",
        batch=batch.pk,
    )
    return user


def item_import(
    *,
    batch: ImportBatch,
    number: str,
    unit,
    office,
    origin: Item | None,
    created_by: User,
    authors: list[User],
    reviewer: User | None,
    fields: dict,
) -> Item:
    """A past item as it ended: submitted (or forwarded, as ``origin``'s copy) at its own
    time and, when decided, decided then."""
    submitted = fields["submitted_at"]
    urgency = fields["urgency"] or Urgency.ROUTINE
    item = Item(
        unit=unit,
        office=office,
        forwarded_from=origin,
        created_by=created_by,
        updated_by=created_by,
        reviewer=reviewer,
        title=fields["title"],
        body=fields["body"],
        kind=fields["kind"],
        urgency=urgency,
        classification=Classification.PUBLIC,  # 涉密信息不上网: only 非涉密 was ever kept
        writer=fields["writer"] or "",
        topics=fields["topics"] or "",
        state=fields["state"],
        signed_off_at=submitted,
        submitted_at=submitted,
        last_submitted_at=submitted,
        submission_count=1,
        due_at=submitted + URGENCY_LIMITS[urgency],
        decided_at=fields["decided_at"],
        created_at=submitted,
    )
    item.full_clean(exclude=["unit", "office", "created_by", "updated_by", "reviewer"])
    with clock.frozen_at(fields["decided_at"] or submitted):  # Item.save dates updated_at
        item.save()
    item.authors.set(authors or [created_by])
    mark(batch, item, number)
    return item


def adoption_import(
    *, batch: ImportBatch, item: Item, publication, column, adopted_by: User, fields: dict
) -> Adoption:
    adopted_at = fields["adopted_at"]
    adoption = Adoption(
        item=item,
        publication=publication,
        column=column,
        kind=fields["kind"],
        adopted_by=adopted_by,
        adopted_at=adopted_at,
        note=fields["note"] or "",
        source_issue=fields["source_issue"] or "",
        source_date=timezone.localdate(adopted_at) if publication.is_external else None,
    )
    adoption.full_clean(exclude=["item", "publication", "column", "adopted_by"])
    adoption.save()
    mark(batch, adoption)
    return adoption


def annotation_import(
    *, batch: ImportBatch, item: Item, leader: User | None, entered_by: User, fields: dict
) -> Annotation:
    """A past annotation; its supervision, if any, was done in the old system."""
    annotation = Annotation(
        item=item,
        leader=leader,
        on_behalf=leader is None,
        evidence="往年台账导入",
        entered_by=entered_by,
        created_at=fields["annotated_at"],
        **fields,
    )
    annotation.full_clean(exclude=["item", "leader", "entered_by"])
    annotation.save()
    mark(batch, annotation)
    return annotation


def penalty_import(*, batch: ImportBatch, actor, unit, item: Item | None, fields: dict) -> Penalty:
    occurred = fields["occurred_on"]
    penalty = Penalty(
        unit=unit,
        item=item,
        kind=fields["kind"],
        occurred_on=occurred,
        learned_from=fields["learned_from"] or LearnedFrom.OTHER,
        serious_impact=bool(fields["serious"]),
        description=fields["description"],
        recorded_by=actor,
        recorded_at=timezone.make_aware(datetime.combine(occurred, time(12))),
    )
    penalty.full_clean(exclude=["unit", "item", "recorded_by"])
    penalty.save()
    mark(batch, penalty)
    return penalty


def solicitation_import(
    *, batch: ImportBatch, number: str, office, units: list, created_by: User, fields: dict
) -> Solicitation:
    """A past solicitation (约稿) with the units it asked; the scoring reads its deadline
    for the units that did not answer."""
    solicitation = Solicitation(
        office=office,
        topic=fields["topic"],
        requirements=fields["requirements"] or "",
        deadline=fields["deadline"],
        created_by=created_by,
        created_at=fields["created_at"],
    )
    solicitation.full_clean(exclude=["office", "created_by"])
    solicitation.save()
    solicitation.units.set(units)
    mark(batch, solicitation, number)
    return solicitation


def response_import(
    *, batch: ImportBatch, solicitation: Solicitation, item: Item, linked_by: User, linked_at
) -> SolicitationResponse:
    """Which item answered the solicitation, and when (on time or not)."""
    response = SolicitationResponse.objects.create(
        solicitation=solicitation,
        unit=item.unit,
        item=item,
        linked_by=linked_by,
        linked_at=linked_at,
    )
    mark(batch, response)
    return response


def combined_entry_import(
    *, batch: ImportBatch, publication, items: list[Item], editor: User, fields: dict
) -> IssueEntry:
    """A 综合信息 article (合编稿) of a past released issue, crediting every item's unit.
    The issue is found by its number or brought in released; the publication's number
    series moves past it so the next live issue does not take its number."""
    year, number, supplement = fields["year"], fields["number"], bool(fields["supplement"])
    issue = Issue.objects.filter(
        publication=publication, year=year, supplement=supplement, number=number
    ).first()
    if issue is None:
        released = timezone.make_aware(datetime.combine(fields["date"], time(12)))
        issue = Issue.objects.create(
            publication=publication,
            state=IssueState.RELEASED,
            year=year,
            supplement=supplement,
            number=number,
            date=fields["date"],
            editor=editor,
            signed_at=released,
            released_at=released,
            created_at=released,
        )
        mark(batch, issue)
        counter, _ = IssueCounter.objects.get_or_create(
            publication=publication, year=year, supplement=supplement
        )
        if counter.last < number:
            counter.last = number
            counter.save(update_fields=["last"])
    entry = IssueEntry(
        issue=issue,
        position=(issue.entries.aggregate(m=Max("position"))["m"] or 0) + 1,
        title=fields["title"],
        body=fields["body"],
        editor_note=fields["editor_note"] or "",
        combined=True,
    )
    entry.full_clean(exclude=["issue", "column"])
    entry.save()
    entry.items.set(items)
    mark(batch, entry)
    return entry
