"""The emergency side of the change log: a submitted emergency item is received at
once (report first, sign after); a notification's deliveries are queued once the
transaction that wrote them has committed."""

from govdesk.audit.dispatch import subscribe
from govdesk.emergencies import services, tasks
from govdesk.items.models import Item, ItemKind


@subscribe("item.submit")
def emergency_submitted(change) -> None:
    item = Item.objects.get(pk=change.target_id)
    if item.kind == ItemKind.EMERGENCY:
        services.report_received(item=item)


@subscribe("emergency.notified", after_commit=True)
def queue_deliveries(change) -> None:
    for delivery_id in change.details["delivery_ids"]:
        tasks.deliver(delivery_id)
