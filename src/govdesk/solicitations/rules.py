"""Permission checks for solicitations and key points, shaped like ``govdesk.policy``'s
registry; they should move into policy.py."""

from django.db.models import Q

from govdesk import policy
from govdesk.solicitations.models import KeyPoint, Solicitation
from govdesk.units.models import Unit


def can_manage(user, office) -> bool:
    """The office's desk creates solicitations and key points and sees the tables."""
    return policy.can(user, "office.desk", office)


def can_view(user, solicitation: Solicitation) -> bool:
    r = policy.roles(user)
    if r.superuser or can_manage(user, solicitation.office):
        return True
    return solicitation.units.filter(pk__in=list(r.by_unit)).exists()


def answer_units(user, solicitation: Solicitation):
    """Target units the user may answer for (writers of the unit)."""
    return solicitation.units.filter(pk__in=policy.roles(user).units_with(policy.WRITER_ROLES))


def visible_solicitations(user):
    r = policy.roles(user)
    qs = Solicitation.objects.select_related("office")
    if r.superuser:
        return qs
    return qs.filter(
        Q(office_id__in=r.units_with(policy.DESK_ROLES)) | Q(units__in=list(r.by_unit))
    ).distinct()


def visible_key_points(user):
    """Key points of the offices the user reports to or works at."""
    r = policy.roles(user)
    qs = KeyPoint.objects.select_related("office")
    if r.superuser:
        return qs
    offices = set(r.by_unit)
    for unit in Unit.objects.filter(pk__in=list(r.by_unit)):
        superior = unit.superior_office()
        if superior is not None:
            offices.add(superior.pk)
    return qs.filter(office_id__in=offices)


def can_tag(user, item) -> bool:
    """Writers tag their own unit's items; the receiving desk may correct tags."""
    return policy.can(user, "unit.write_items", item.unit) or policy.can(
        user, "office.desk", item.office
    )
