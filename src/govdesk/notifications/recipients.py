"""Who hears about what: the people behind an item, the writers of a unit."""

from govdesk import policy
from govdesk.accounts.models import User


def item_people(item) -> list:
    """The unit's people behind the original item: its drafter and its authors."""
    origin = item.origin
    people = {origin.created_by_id: origin.created_by}
    people.update({u.pk: u for u in origin.authors.all()})
    return [u for u in people.values() if u.is_active]


def unit_people(unit_ids, roles=policy.WRITER_ROLES | policy.SIGNER_ROLES):
    return User.objects.filter(
        is_active=True,
        memberships__unit_id__in=list(unit_ids),
        memberships__role__in=roles,
        memberships__is_active=True,
    ).distinct()


def desk_people(office_id):
    return unit_people([office_id], policy.DESK_ROLES)
