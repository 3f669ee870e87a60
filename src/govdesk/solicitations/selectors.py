from collections import Counter, defaultdict

from django.db.models import Exists, OuterRef
from django.utils import timezone

from govdesk import policy
from govdesk.lib import clock
from govdesk.solicitations.models import KeyPoint, Solicitation, SolicitationResponse

ON_TIME, LATE, MISSING = "on_time", "late", "missing"
STATUS_LABELS = {ON_TIME: "按时回应", LATE: "逾期回应", MISSING: "未回应"}


def response_table(solicitation: Solicitation) -> list[dict]:
    """Per target unit: status by its first response, and every item it linked."""
    by_unit = defaultdict(list)
    for response in solicitation.responses.select_related("item").order_by("linked_at"):
        by_unit[response.unit_id].append(response)
    rows = []
    for unit in solicitation.units.order_by("path"):
        responses = by_unit.get(unit.pk, [])
        if not responses:
            status = MISSING
        else:
            status = ON_TIME if responses[0].linked_at <= solicitation.deadline else LATE
        rows.append(
            {"unit": unit, "status": status, "label": STATUS_LABELS[status], "responses": responses}
        )
    return rows


def key_point_counts(key_points) -> list[dict]:
    """How many items each key point drew, in total and per unit."""
    rows = []
    for point in key_points.prefetch_related("items__unit"):
        per_unit = Counter(item.unit.display_name for item in point.items.all())
        rows.append(
            {"point": point, "total": sum(per_unit.values()), "units": per_unit.most_common()}
        )
    return rows


def key_points_for_item(item):
    """The key points an item may cite: its office's, published by now and not expired
    before the item was written."""
    return KeyPoint.objects.filter(
        office=item.office,
        starts_on__lte=timezone.localdate(clock.now()),
        ends_on__gte=timezone.localdate(item.created_at),
    )


def waiting_for(user):
    """Open solicitations addressed to the user's units that those units have not
    answered yet: for the dashboard."""
    r = policy.roles(user)
    units = r.units_with(policy.WRITER_ROLES)
    answered = SolicitationResponse.objects.filter(solicitation=OuterRef("pk"), unit_id__in=units)
    return (
        Solicitation.objects.filter(units__in=units, deadline__gt=clock.now())
        .exclude(Exists(answered))
        .distinct()
        .order_by("deadline")
    )
