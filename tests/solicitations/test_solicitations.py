from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from govdesk.lib import clock
from govdesk.solicitations import selectors, services
from govdesk.solicitations.models import KeyPointKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2025, 6, 2, 9, tzinfo=SHANGHAI)


@pytest.fixture
def solicitation(world):
    with clock.frozen_at(START):
        return services.solicitation_create(
            actor=world.county_editor,
            office=world.county,
            topic="夏粮收购进展",
            requirements="600字以内，附数据。",
            deadline=START + timedelta(days=3),
            unit_ids=[world.town_a.pk, world.town_b.pk, world.dept.pk],
        )


def test_status_per_unit_on_time_late_and_missing(world, solicitation, login):
    with clock.frozen_at(START + timedelta(days=1)):
        on_time = world.submitted(title="城关镇夏粮收购过半")
        services.solicitation_answer(
            actor=world.a_officer, solicitation_id=solicitation.pk, item_id=on_time.pk
        )
    with clock.frozen_at(START + timedelta(days=5)):
        late = world.submitted(unit=world.town_b, by=world.b_officer, title="河口乡夏粮收购")
        services.solicitation_answer(
            actor=world.b_officer, solicitation_id=solicitation.pk, item_id=late.pk
        )
    table = {row["unit"]: row["status"] for row in selectors.response_table(solicitation)}
    assert table == {world.town_a: "on_time", world.town_b: "late", world.dept: "missing"}
    page = login(world.county_editor).get(f"/solicitations/{solicitation.pk}/").content.decode()
    assert "按时回应" in page and "逾期回应" in page and "未回应" in page


def test_units_answer_only_with_their_own_submitted_items(world, solicitation, login):
    draft = world.draft()
    with pytest.raises(ValidationError):
        services.solicitation_answer(
            actor=world.a_officer, solicitation_id=solicitation.pk, item_id=draft.pk
        )
    theirs = world.submitted(unit=world.town_b, by=world.b_officer)
    with pytest.raises(Http404):  # town_a cannot even see town_b's item
        services.solicitation_answer(
            actor=world.a_officer, solicitation_id=solicitation.pk, item_id=theirs.pk
        )
    assert login(world.outsider).get(f"/solicitations/{solicitation.pk}/").status_code == 404
    assert "夏粮收购进展" in login(world.a_officer).get("/solicitations/").content.decode()


def test_only_the_office_desk_solicits(world):
    with pytest.raises(PermissionDenied):
        services.solicitation_create(
            actor=world.a_officer,
            office=world.county,
            topic="x",
            requirements="",
            deadline=clock.now() + timedelta(days=1),
            unit_ids=[world.town_a.pk],
        )


def test_key_point_counts_per_unit(world, login):
    today = clock.now().date()
    point = services.key_point_create(
        actor=world.county_editor,
        office=world.county,
        kind=KeyPointKind.FOCUS,
        title="防汛备汛",
        description="",
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=20),
    )
    for by, unit in ((world.a_officer, world.town_a), (world.a_officer, world.town_a)):
        item = world.submitted(by=by, unit=unit)
        services.item_tag_key_points(actor=by, item_id=item.pk, key_point_ids=[point.pk])
    other = world.submitted(unit=world.town_b, by=world.b_officer)
    services.item_tag_key_points(actor=world.b_officer, item_id=other.pk, key_point_ids=[point.pk])
    [row] = selectors.key_point_counts(point.__class__.objects.all())
    assert row["total"] == 3 and row["units"] == [("城关镇", 2), ("河口乡", 1)]
    with pytest.raises(Http404):  # another unit's item
        services.item_tag_key_points(
            actor=world.d_officer, item_id=other.pk, key_point_ids=[point.pk]
        )
    page = login(world.county_editor).get("/solicitations/key-points/").content.decode()
    assert "防汛备汛" in page and "城关镇 2" in page
    item_page = login(world.a_officer).get(f"/items/{item.pk}/").content.decode()
    assert "保存报送要点" in item_page


def test_waiting_solicitations_for_the_dashboard(world, solicitation):
    with clock.frozen_at(START + timedelta(hours=1)):
        assert list(selectors.waiting_for(world.a_officer)) == [solicitation]
        item = world.submitted()
        services.solicitation_answer(
            actor=world.a_officer, solicitation_id=solicitation.pk, item_id=item.pk
        )
        assert not selectors.waiting_for(world.a_officer).exists()
        assert list(selectors.waiting_for(world.b_officer)) == [solicitation]
