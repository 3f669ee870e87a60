"""The emergency side of the change log: a submitted emergency item is received at
once (report first, sign after)."""

from govdesk.audit.dispatch import subscribe
from govdesk.emergencies import services
from govdesk.items.models import Item, ItemKind


@subscribe("item.submit")
def emergency_submitted(change) -> None:
    # Only an emergency needs the whole item; every submission passes here.
    if Item.objects.filter(pk=change.target_id, kind=ItemKind.EMERGENCY).exists():
        services.report_received(item=Item.objects.get(pk=change.target_id))
