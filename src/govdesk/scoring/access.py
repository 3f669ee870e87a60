"""Score access for the scoring pages, on top of the policy checks
``"scores.view_office"`` and ``"scores.view_unit"``: denial is a 404."""

from django.http import Http404

from govdesk import policy
from govdesk.units.models import Unit


def may_view_office(user, office: Unit) -> bool:
    return policy.can(user, "scores.view_office", office)


def own_units(user) -> set[int]:
    """Units where the user holds any role."""
    return set(policy.roles(user).by_unit) if user.is_authenticated else set()


def may_view_unit(user, unit: Unit, office: Unit) -> bool:
    # ``office`` is the scheme's: a forwarded copy's unit is scored by the office above.
    return policy.can(user, "scores.view_unit", unit) or may_view_office(user, office)


def ledger_links(user, office: Unit) -> dict:
    """Which rows of a notice's table link to a unit's ledger for ``user``: every row for
    whoever reads the office's scores, else their own units' (another's is a 404)."""
    return {"all": may_view_office(user, office), "own": own_units(user)}


def require_office(user, office: Unit) -> None:
    if not may_view_office(user, office):
        raise Http404


def require_unit(user, unit: Unit, office: Unit) -> None:
    if not may_view_unit(user, unit, office):
        raise Http404


def related_offices(user) -> set[int]:
    """Offices whose schemes may concern the user: where they edit or administer,
    and the offices their own units report to."""
    ids = set(policy.desk_offices(user).values_list("pk", flat=True))
    ids |= set(policy.managed_units(user).filter(kind="office").values_list("pk", flat=True))
    for unit in Unit.objects.filter(pk__in=own_units(user)):
        parent = Unit.objects.get_parent(unit)
        if parent is not None:
            ids.add(parent.pk)
    return ids
