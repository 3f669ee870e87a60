"""The adoption dialog's note on an item that answers a solicitation (约稿): the
engine prices it as 约稿 whatever kind the editor picks, wherever the office's scheme
has a 约稿 price (``engine._priced_kind``), so the dialog says so before the click."""

from django import template
from django.db.models import Q
from django.utils import timezone

from govdesk.lib import clock
from govdesk.scoring import ledger
from govdesk.scoring.config_forms import points_text
from govdesk.scoring.models import RuleKind

register = template.Library()


@register.inclusion_tag("scoring/_solicited_note.html")
def solicited_pricing(item):
    solicitations = [r.solicitation for r in item.solicited_by.select_related("solicitation")]
    if not solicitations:
        return {"solicitations": []}
    office = item.office
    scheme = ledger.in_force(office.pk, timezone.localtime(clock.now()).year).first()
    priced, bonus = [], []
    if scheme is not None:
        here = scheme.rules.filter(Q(level=office.level) | Q(level__isnull=True))
        priced = list(here.filter(kind=RuleKind.ADOPTION, adoption_kind="solicited").order_by("id"))
        bonus = list(here.filter(kind=RuleKind.SOLICITED).order_by("id"))
    columns: dict[str, list[str]] = {}
    for rule in priced:
        columns.setdefault(rule.publication, []).extend([rule.column] if rule.column else [])
    where = "、".join(
        f"《{name}》的{'、'.join(dict.fromkeys(cols))}栏目" if cols else f"《{name}》"
        for name, cols in columns.items()
    )
    return {
        "solicitations": solicitations,
        "scheme": scheme,
        "where": where,
        "priced_points": sorted({points_text(r.points) for r in priced}),
        "priced_source": priced[0].source if priced else "",
        "bonus": [(r.label, points_text(r.points), r.source) for r in bonus],
    }
