"""The per-file fixture builds of tests/fixtures/shared.py: built once for the file's
tests, yet each test starts from what it would have had with a build of its own. The
tests check what the ones before left behind; they run in the order shared.py gives a
file (one process holds a whole file): by chain — ``(world,)``, then
``(world, county_scheme)``, ``(world, events, …, history)``, ``(world, offices)`` —
in file order within one, and the committing test last (pytest-django)."""

import pytest
from django.db import connection

from govdesk.accounts.models import User
from govdesk.items.models import Item
from govdesk.scoring.models import Scheme
from govdesk.units.models import Unit

seen = {}


def test_a_test_changes_the_world(world):
    seen["joined"] = world.a_officer.date_joined
    seen["county"] = world.county
    Unit.objects.filter(pk=world.town_a.pk).update(name="已改名")
    world.town_a.name = "已改名"
    world.people["stranger"] = world.outsider
    User.objects.create_user(username="extra", password="x", full_name="额外")


def test_the_next_one_has_the_same_build_unchanged(world):
    assert world.a_officer.date_joined == seen["joined"]  # one build, not a second
    assert world.county.pk == seen["county"].pk
    assert world.county is not seen["county"]  # but this test's own copy of it
    assert world.town_a.name == "城关镇人民政府"
    assert Unit.objects.get(pk=world.town_a.pk).name == "城关镇人民政府"
    assert "stranger" not in world.people
    assert not User.objects.filter(username="extra").exists()


def test_offices_adds_its_people_to_the_world(offices, world):
    assert offices is world
    assert not Scheme.objects.exists()  # the schemes of the tests before were rolled back
    assert world.county_security.full_name == "冯安"
    assert User.objects.filter(username="other_admin").exists()


def test_a_longer_chain_builds_on_the_same_world(world, county_scheme):
    assert world.a_officer.date_joined == seen["joined"]
    assert list(Scheme.objects.values_list("office", "year")) == [(world.county.pk, 2026)]


@pytest.mark.django_db(transaction=True)
def test_a_committing_test_builds_its_own_world(world):
    assert not connection.in_atomic_block
    assert world.a_officer.date_joined != seen["joined"]
    assert User.objects.filter(username="a_officer").count() == 1


def test_a_fixture_that_returns_nothing_is_built_once(history, world):
    """``history`` returns None; pytest must not take that for "not built here"."""
    assert history is None
    # 城关镇经验 and the city's copy of it, 应急演练, 直报: once each.
    assert sorted(Item.objects.values_list("title", flat=True)) == sorted(
        ["城关镇经验", "城关镇经验", "应急演练", "直报"]
    )
