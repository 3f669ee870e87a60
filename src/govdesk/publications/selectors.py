"""Reads for the catalogue: the publications a desk assembles, and who an issue of a
publication can be distributed to (its default distribution and each issue's)."""

from django.db.models import Q

from govdesk import policy
from govdesk.accounts.models import Role, User
from govdesk.publications.models import Publication
from govdesk.units.models import Unit


def desk_publications(user):
    """Publications the user may assemble issues of."""
    offices = policy.desk_offices(user)
    return Publication.objects.filter(office__in=offices, is_active=True).select_related("office")


def office_leaders(office):
    """The office's leaders: the people an issue can be sent to by name."""
    return User.objects.filter(
        memberships__unit=office, memberships__role=Role.LEADER, memberships__is_active=True
    ).distinct()


def distribution_groups(office) -> list[tuple[str, list]]:
    """The units of ``distribution_units`` grouped for the picker: the superior office
    first (上级机关), then the office's units by kind (乡镇/街道, 部门 …)."""
    superior = office.superior_office()
    groups: dict[str, list] = {}
    for unit in distribution_units(office):
        label = "上级机关" if superior and unit.pk == superior.pk else unit.get_kind_display()
        groups.setdefault(label, []).append(unit)
    return list(groups.items())


def distribution_units(office):
    """Units an issue can go to: the superior office (报送) and the office's units."""
    superior = office.superior_office()
    below = Q(path__startswith=office.path) & ~Q(pk=office.pk)
    above = Q(pk=superior.pk) if superior else Q(pk__in=[])
    return Unit.objects.filter(below | above, is_active=True).order_by("depth", "path")
