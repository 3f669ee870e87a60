"""Keeps the ledger current from the change log, inside the writing transaction, so
a score never disagrees with the events that committed (see ``audit.dispatch``)."""

from django.db import transaction
from django.utils import timezone

from govdesk.annotations.models import Annotation
from govdesk.audit.dispatch import subscribe
from govdesk.bulletins.models import IssueEntry
from govdesk.items.models import Item
from govdesk.lib.orm import first_row
from govdesk.publications.models import Adoption, Column, Publication
from govdesk.scoring import ledger
from govdesk.scoring.models import LearnedFrom, Penalty, PenaltyKind
from govdesk.scoring.services import penalty_record, rules_follow_rename
from govdesk.units.models import Unit


def _item_of(change) -> Item | None:
    model = change.target_type.model_class()
    target = first_row(model._default_manager.filter(pk=change.target_id))
    if isinstance(target, Item):
        return target
    if isinstance(target, (Adoption, Annotation)):
        return target.item
    # The adoption or annotation is gone (withdrawn): its service names the item.
    item_id = change.details.get("item_id")
    return Item.objects.filter(pk=item_id).first() if item_id else None


def _rescore_items(item_ids) -> None:
    origins = ledger.origins_of(item_ids)
    if origins:
        ledger.refresh_unit_totals(ledger.refresh_chains(origins))


def _sender(item: Item) -> set[tuple[int, int]]:
    """(scheme, unit) for the unit that sent ``item`` to its office, if a scheme in
    force assesses it that year: its weekly base points may change."""
    if item.submitted_at is None:
        return set()
    year = timezone.localtime(item.submitted_at).year
    # Its id alone: refresh_unit_totals reads the rules itself, so pricing them here
    # (``ledger.Schemes``) was wasted.
    scheme_id = first_row(ledger.in_force(item.office_id, year).values_list("id", flat=True))
    return {(scheme_id, item.unit_id)} if scheme_id else set()


@subscribe("item.submit")
@subscribe("item.sign_off")
def rescore_sender(change) -> None:
    item = _item_of(change)
    if item is not None:
        ledger.refresh_unit_totals(_sender(item))


@subscribe("item.adopt")
@subscribe("item.forward")
@subscribe("adoption.")
@subscribe("annotation.")
@subscribe("solicitation.answered")  # an answered solicitation earns the 约稿 bonus
def rescore_chain(change) -> None:
    item = _item_of(change)
    if item is None:
        return
    touched = ledger.refresh_chains({item.origin.pk})
    if change.action == "item.adopt" or change.action.startswith("adoption."):
        # The sender's month summary counts the item as sent and adopted, also when the
        # adoption falls in another year than the sending or earns no line.
        touched |= _sender(item)
    if change.action == "item.forward":  # the office's copy was sent up
        touched |= _sender(Item.objects.get(pk=change.details["copy_id"]))
    ledger.refresh_unit_totals(touched)


@subscribe("issue.entry_added")
def rescore_combined(change) -> None:
    """A 综合信息 article changes how its items' adoptions are credited."""
    if change.details.get("combined"):
        _rescore_items(change.details["item_ids"])


@subscribe("issue.entry_removed")
@subscribe("issue.voided")
def rescore_after_removal(change) -> None:
    """The article is deleted (or its issue voided) once the change is written: its
    items are read now and rescored after the commit."""
    entries = IssueEntry.objects.filter(combined=True)
    if "entry_id" in change.details:
        entries = entries.filter(pk=change.details["entry_id"])
    else:
        entries = entries.filter(issue_id=change.target_id)
    item_ids = list(entries.values_list("items", flat=True))
    if item_ids:
        transaction.on_commit(lambda: transaction.atomic(_rescore_items)(item_ids))


@subscribe("penalty.")
def rescore_penalty(change) -> None:
    penalty = Penalty.objects.select_related("unit").get(pk=change.target_id)
    ledger.refresh_unit_totals(ledger.refresh_penalties([penalty]))


@subscribe("emergency.received")
def charge_late_report(change) -> None:
    """迟报: an emergency report received past its limit is charged to its unit by the
    system. The change carries what the charge needs (see ``emergencies.services``)."""
    charge = change.details.get("charge")
    if charge:
        penalty_record(
            actor=None,
            unit=Unit.objects.get(pk=charge["unit_id"]),
            kind=PenaltyKind.LATE,
            occurred_on=timezone.localdate(change.at),
            description=charge["description"],
            item=Item.objects.get(pk=charge["item_id"]),
            learned_from=LearnedFrom.SYSTEM,
        )


# The subscribers that keep the ledger lines and month summaries current; what they
# write, ``ledger.rebuild`` derives from the events in one pass (see ``dispatch.muted``).
LEDGER = (rescore_sender, rescore_chain, rescore_combined, rescore_after_removal, rescore_penalty)


@subscribe("admin.changed")
def rules_follow_publication_names(change) -> None:
    """Rules price a publication and a column by name: when the office renames one (on
    刊物与栏目 or in the admin), its schemes' rules follow, or its adoptions would
    silently stop scoring at the next rebuild."""
    renamed = change.details.get("changes", {}).get("name")
    model = change.details.get("model")
    if not renamed or model not in ("publications.publication", "publications.column"):
        return
    old, new = renamed
    if model == "publications.publication":
        publication = Publication.objects.select_related("office").get(pk=change.target_id)
        column = None
    else:
        publication = (
            Column.objects.select_related("publication__office")
            .get(pk=change.target_id)
            .publication
        )
        column = (old, new)
    if publication.office is None:
        return
    rules_follow_rename(
        actor=change.actor,
        office=publication.office,
        publication=old if column is None else publication.name,
        new_name=new,
        column=column,
    )
