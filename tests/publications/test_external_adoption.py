from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from govdesk.audit.models import Change
from govdesk.items import services as item_services
from govdesk.items.adoptions import adoption_record_external
from govdesk.publications.models import AdoptionKind
from govdesk.publications.services import publication_external_create
from govdesk.units.models import Level


@pytest.fixture
def province_bulletin(db):
    return publication_external_create(
        actor=None, name="浙江政务信息", code="zj-zwxx", level=Level.PROVINCE, issuer="省政府办公厅"
    )


def test_editor_records_a_provincial_adoption_with_evidence(
    world, adopted, province_bulletin, login
):
    item = adopted()
    copy = item_services.item_forward(item_id=item.pk, actor=world.county_editor)
    adoption = adoption_record_external(
        actor=world.county_editor,
        item_id=copy.pk,
        publication=province_bulletin,
        source_issue="2025年第88期",
        source_date=date(2025, 11, 3),
    )
    assert adoption.publication.effective_level == Level.PROVINCE
    assert (adoption.source_issue, adoption.source_date) == ("2025年第88期", date(2025, 11, 3))
    change = Change.objects.get(action="adoption.external")
    assert change.details["unit_id"] == world.town_a.pk  # credit goes to the origin
    assert change.details["level"] == Level.PROVINCE
    with pytest.raises(ValidationError):  # once per publication
        adoption_record_external(
            actor=world.county_editor,
            item_id=copy.pk,
            publication=province_bulletin,
            source_issue="2025年第89期",
            source_date=date(2025, 11, 4),
        )
    page = login(world.county_editor).get(f"/items/{copy.pk}/").content.decode()
    assert "登记上级采用" in page


def test_units_cannot_record_upward_adoptions(world, adopted, province_bulletin):
    item = adopted()
    with pytest.raises(PermissionDenied):
        adoption_record_external(
            actor=world.a_officer,
            item_id=item.pk,
            publication=province_bulletin,
            source_issue="第1期",
            source_date=date(2025, 1, 2),
            kind=AdoptionKind.GENERAL,
        )


def test_internal_publications_are_refused(world, adopted):
    with pytest.raises(ValidationError):
        adoption_record_external(
            actor=world.county_editor,
            item_id=adopted().pk,
            publication=world.zhuanbao,
            source_issue="第1期",
            source_date=date(2025, 1, 2),
        )
