"""Helpers for bulletin tests: adopted items and a released issue on top of ``world``."""

import pytest

from govdesk.bulletins import services as issues
from govdesk.items import services as item_services
from govdesk.publications.models import AdoptionKind


@pytest.fixture(autouse=True)
def _media(media_storage):
    """Uploaded files land in the test's own directory."""


@pytest.fixture
def adopted(world):
    """adopted(unit=..., title=...) -> an item the county adopted into 《快讯》·工作简况."""

    def _adopted(**kwargs):
        item = world.submitted(**kwargs)
        item_services.item_adopt(
            item_id=item.pk,
            actor=world.county_editor,
            publication=world.kuaixun,
            column=world.kuaixun_work,
            kind=AdoptionKind.BRIEF,
        )
        item.refresh_from_db()
        return item

    return _adopted


@pytest.fixture
def released(world, adopted):
    """released(*items) -> an issue of 《快讯》 holding ``items``, signed and released,
    sent to the county leader and copied to town_a."""

    def _released(*items, supplement=False):
        items = items or (adopted(),)
        issue = issues.issue_create(
            actor=world.county_editor, publication=world.kuaixun, supplement=supplement
        )
        for item in items:
            issues.entry_add(actor=world.county_editor, issue_id=issue.pk, item_ids=[item.pk])
        issues.issue_set_recipients(
            actor=world.county_editor,
            issue_id=issue.pk,
            send_users=[world.county_leader],
            copy_units=[world.town_a],
        )
        issues.issue_sign(actor=world.county_chief, issue_id=issue.pk)
        return issues.issue_release(actor=world.county_chief, issue_id=issue.pk)

    return _released
