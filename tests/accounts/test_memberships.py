"""Granting and revoking roles: audited, checked against the jurisdiction, and taking
effect in the policy at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from govdesk import policy
from govdesk.accounts.models import Membership, Role
from govdesk.accounts.services import membership_grant, membership_revoke
from govdesk.audit.models import Change
from govdesk.units.models import Level


def test_granting_admin_gives_the_jurisdiction_and_revoking_takes_it_away(world):
    admin, person = world.county_admin, world.a_officer
    membership = membership_grant(actor=admin, user=person, unit=world.county, role=Role.ADMIN)
    assert policy.can(person, "unit.manage", world.town_b)
    granted = Change.objects.get(action="membership.granted", target_id=membership.pk)
    assert granted.actor == admin
    assert granted.summary == "授予张晓梅（a_officer）“某县人民政府办公室·管理员”角色"

    membership_revoke(actor=admin, membership=membership)
    membership.refresh_from_db()
    assert not membership.is_active
    assert not policy.can(person, "unit.manage", world.town_b)
    assert Change.objects.filter(action="membership.revoked", target_id=membership.pk).exists()


def test_a_grant_that_changes_nothing_is_not_logged(world):
    before = Change.objects.count()
    membership_grant(actor=None, user=world.county_admin, unit=world.county, role=Role.ADMIN)
    assert Change.objects.count() == before


def test_a_revoked_role_can_be_granted_again(world):
    admin = world.county_admin
    m = Membership.objects.get(user=world.a_officer, role=Role.OFFICER)
    membership_revoke(actor=admin, membership=m)
    again = membership_grant(actor=admin, user=world.a_officer, unit=world.town_a, role="officer")
    assert again.pk == m.pk and again.is_active
    regrants = Change.objects.filter(action="membership.granted", target_id=m.pk, actor=admin)
    assert regrants.count() == 1


def test_changing_a_leaders_level_is_logged_as_a_change(world):
    m = membership_grant(
        actor=world.county_admin,
        user=world.county_leader,
        unit=world.county,
        role=Role.LEADER,
        leader_level=Level.CITY,
    )
    assert m.leader_level == Level.CITY
    change = Change.objects.get(action="membership.changed", target_id=m.pk)
    assert change.details["changes"]["leader_level"] == [Level.COUNTY, Level.CITY]


@pytest.mark.parametrize(
    ("unit", "role", "level", "message"),
    [
        ("town_a", Role.EDITOR, None, "只能设在政府办公室"),
        ("town_a", Role.ADMIN, None, "只能设在政府办公室"),
        ("county", Role.LEADER, None, "须填写领导层级"),
    ],
)
def test_roles_that_make_no_sense_are_refused(world, unit, role, level, message):
    with pytest.raises(ValidationError, match=message):
        membership_grant(
            actor=world.county_admin,
            user=world.outsider,
            unit=getattr(world, unit),
            role=role,
            leader_level=level,
        )
    assert not Membership.objects.filter(user=world.outsider).exists()


def test_no_one_grants_or_revokes_beyond_their_jurisdiction(world):
    with pytest.raises(PermissionDenied):
        membership_grant(
            actor=world.county_admin, user=world.outsider, unit=world.city, role=Role.EDITOR
        )
    with pytest.raises(PermissionDenied):
        membership_grant(
            actor=world.county_editor, user=world.outsider, unit=world.town_a, role=Role.OFFICER
        )
    city_role = Membership.objects.get(user=world.city_editor)
    with pytest.raises(PermissionDenied):
        membership_revoke(actor=world.county_admin, membership=city_role)
    city_role.refresh_from_db()
    assert city_role.is_active
