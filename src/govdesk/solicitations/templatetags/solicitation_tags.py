from django import template

from govdesk.solicitations import rules, selectors

register = template.Library()


@register.inclusion_tag("solicitations/_key_point_panel.html", takes_context=True)
def key_point_panel(context, item):
    user = context["request"].user
    return {
        "item": item,
        "csrf_token": context.get("csrf_token"),
        "tagged": list(item.key_points.all()),
        "solicited": item.solicited_by.select_related("solicitation"),
        "choices": selectors.key_points_for_item(item) if rules.can_tag(user, item) else [],
    }
