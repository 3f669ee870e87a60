from django import template

from govdesk import policy
from govdesk.solicitations import selectors

register = template.Library()


@register.inclusion_tag("solicitations/_key_point_panel.html", takes_context=True)
def key_point_panel(context, item):
    may_tag = policy.can(context["request"].user, "item.tag_key_points", item)
    return {
        "item": item,
        "csrf_token": context.get("csrf_token"),
        "tagged": list(item.key_points.all()),
        "solicited": item.solicited_by.select_related("solicitation"),
        "choices": selectors.key_points_for_item(item) if may_tag else [],
    }
