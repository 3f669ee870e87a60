"""The permission matrix: roles × actions × own unit / subordinate unit / other unit.

The item belongs to 城关镇 (town_a), which reports to the county office. For each
person the relation to that item is: own unit (a_officer, a_reviewer), its office
(county_*), the office above the county (city_editor), or unrelated (b_*, d_*,
outsider).
"""

import pytest

from govdesk import policy
from govdesk.items.models import Item, State

VIEW, EDIT, SUBMIT, SIGN, DECIDE, FORWARD = (
    "item.view", "item.edit", "item.submit", "item.sign_off", "item.adopt", "item.forward",
)  # fmt: skip

# (person, state of town_a's item, {permission: allowed})
MATRIX = [
    # own unit: the officer writes, the reviewer signs
    ("a_officer", State.DRAFT, {VIEW: 1, EDIT: 1, SUBMIT: 1, SIGN: 0, DECIDE: 0, FORWARD: 0}),
    ("a_officer", State.PENDING_SIGNOFF, {VIEW: 1, EDIT: 0, SIGN: 0}),
    ("a_officer", State.SUBMITTED, {VIEW: 1, EDIT: 0, DECIDE: 0}),
    ("a_officer", State.RETURNED, {VIEW: 1, EDIT: 1, SUBMIT: 1}),
    ("a_reviewer", State.DRAFT, {VIEW: 1, EDIT: 0, SUBMIT: 0, SIGN: 1}),
    ("a_reviewer", State.PENDING_SIGNOFF, {VIEW: 1, EDIT: 1, SIGN: 1, DECIDE: 0}),
    ("a_reviewer", State.SUBMITTED, {VIEW: 1, EDIT: 0, DECIDE: 0}),
    # another unit under the same office sees nothing of town_a
    ("b_officer", State.DRAFT, {VIEW: 0, EDIT: 0, SUBMIT: 0}),
    ("b_officer", State.ADOPTED, {VIEW: 0}),
    ("b_reviewer", State.PENDING_SIGNOFF, {VIEW: 0, SIGN: 0}),
    ("d_officer", State.SUBMITTED, {VIEW: 0}),
    # the office the unit reports to: nothing before submission, then it decides
    ("county_editor", State.DRAFT, {VIEW: 0, EDIT: 0, DECIDE: 0}),
    ("county_editor", State.PENDING_SIGNOFF, {VIEW: 0, SIGN: 0}),
    ("county_editor", State.SUBMITTED, {VIEW: 1, EDIT: 1, DECIDE: 1, FORWARD: 1, SUBMIT: 0}),
    ("county_editor", State.ADOPTED, {VIEW: 1, EDIT: 1, DECIDE: 1, FORWARD: 1}),
    ("county_chief", State.SUBMITTED, {VIEW: 1, DECIDE: 1, SIGN: 0}),
    ("county_leader", State.SUBMITTED, {VIEW: 0, DECIDE: 0}),
    ("county_leader", State.ADOPTED, {VIEW: 1, EDIT: 0, DECIDE: 0}),
    ("county_admin", State.SUBMITTED, {VIEW: 0, DECIDE: 0}),
    ("county_duty", State.SUBMITTED, {VIEW: 0}),
    # the office above the county never sees a township's item unless it is forwarded
    ("city_editor", State.SUBMITTED, {VIEW: 0, DECIDE: 0}),
    ("city_editor", State.ADOPTED, {VIEW: 0}),
    ("outsider", State.ADOPTED, {VIEW: 0, EDIT: 0, DECIDE: 0}),
]


def _town_a_item(world, state):
    item = world.draft()
    submitted = state >= State.SUBMITTED or state == State.RETURNED
    Item.objects.filter(pk=item.pk).update(state=state, submission_count=int(submitted))
    item.refresh_from_db()
    return item


@pytest.mark.parametrize(
    ("person", "state", "expected"),
    MATRIX,
    ids=[f"{p}-{s.name}" for p, s, _ in MATRIX],
)
def test_matrix(world, person, state, expected):
    item = _town_a_item(world, state)
    user = getattr(world, person)
    actual = {perm: int(policy.can(user, perm, item)) for perm in expected}
    assert actual == expected


@pytest.mark.parametrize(
    ("person", "visible"),
    [
        ("a_officer", True),
        ("a_reviewer", True),
        ("b_officer", False),
        ("county_editor", True),
        ("county_leader", False),
        ("city_editor", False),
        ("outsider", False),
    ],
)
def test_visible_items_query_agrees_with_the_object_check(world, person, visible):
    item = world.submitted()
    user = getattr(world, person)
    assert (item in policy.visible_items(user)) is visible
    assert policy.can(user, VIEW, item) is visible


def test_forwarded_copy_is_visible_to_the_superior_office_only_after_forwarding(world):
    from govdesk.items import services

    item = world.submitted()
    copy = services.item_forward(item_id=item.pk, actor=world.county_editor)
    assert policy.can(world.city_editor, DECIDE, copy)
    assert not policy.can(world.city_editor, VIEW, item)
    # The county owns the copy: its editors may still see it; the township does not.
    assert policy.can(world.county_editor, VIEW, copy)
    assert not policy.can(world.a_officer, VIEW, copy)


def test_forward_needs_a_superior_office(world):
    from govdesk.items import services

    item = services.item_create(
        actor=world.county_editor, unit=world.county, fields={"title": "县政府办公室信息"}
    )
    Item.objects.filter(pk=item.pk).update(state=State.SUBMITTED, submission_count=1)
    copy_item = Item.objects.get(pk=item.pk)
    # The county's own item goes to the city; the city office has nobody above it.
    assert policy.can(world.city_editor, FORWARD, copy_item) is False


@pytest.mark.parametrize(
    ("person", "unit", "expected"),
    [
        ("county_admin", "county", True),
        ("county_admin", "town_a", True),
        ("county_admin", "city", False),
        ("county_admin", "city_dept", False),
        ("county_editor", "town_a", False),
        ("outsider", "town_a", False),
    ],
)
def test_administrators_manage_their_office_subtree(world, person, unit, expected):
    assert policy.can(getattr(world, person), "unit.manage", getattr(world, unit)) is expected


def test_top_office_cannot_write_items_because_it_has_no_superior(world):
    assert policy.can(world.county_editor, "unit.write_items", world.county)
    assert not policy.can(world.city_editor, "unit.write_items", world.city)
