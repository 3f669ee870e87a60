"""Keeps the ledger current from the change log, inside the writing transaction, so
a score never disagrees with the events that committed (see ``audit.dispatch``)."""

from govdesk.annotations.models import Annotation
from govdesk.audit.dispatch import subscribe
from govdesk.items.models import Item
from govdesk.publications.models import Adoption
from govdesk.scoring import ledger
from govdesk.scoring.models import Penalty


def _item_of(change) -> Item | None:
    model = change.target_type.model_class()
    target = model._default_manager.filter(pk=change.target_id).first()
    if isinstance(target, Item):
        return target
    if isinstance(target, (Adoption, Annotation)):
        return target.item
    # The adoption or annotation is gone (withdrawn): its service names the item.
    item_id = change.details.get("item_id")
    return Item.objects.filter(pk=item_id).first() if item_id else None


@subscribe("item.adopt")
@subscribe("item.forward")
@subscribe("adoption.")
@subscribe("annotation.")
def rescore_chain(change) -> None:
    item = _item_of(change)
    if item is not None:
        ledger.refresh_quarters(ledger.refresh_chains({item.origin.pk}))


@subscribe("penalty.")
def rescore_penalty(change) -> None:
    penalty = Penalty.objects.select_related("unit").get(pk=change.target_id)
    ledger.refresh_quarters(ledger.refresh_penalties([penalty]))
