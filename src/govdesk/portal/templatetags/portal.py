"""The item page's portal panel: whether the item was sent to the portal alone, and the
unit's 单独报送网站 button."""

from django import template

from govdesk import policy
from govdesk.items.models import PublicRelease, State
from govdesk.portal.models import PortalSubmission

register = template.Library()


@register.inclusion_tag("portal/_item_panel.html", takes_context=True)
def portal_panel(context, item):
    user = context["request"].user
    sent = PortalSubmission.objects.filter(item=item).select_related("sent_by").first()
    may_send = (
        sent is None
        and item.public_release == PublicRelease.ACTIVE
        and item.state < State.SUBMITTED
        and policy.can(user, "item.send_to_portal", item)
    )
    article = getattr(item, "portal_article", None) if sent else None
    return {"item": item, "sent": sent, "may_send": may_send, "article": article,
            "csrf_token": context.get("csrf_token")}  # fmt: skip
