"""No one learns of an item they may not see, through search or a duplicate warning."""

from govdesk.search.selectors import duplicate_warnings, search_items

BODY = (
    "6月3日，城关镇召开防汛工作部署会，全镇12个村落实防汛责任人36名，"
    "储备编织袋2000条、冲锋舟2艘，组织应急演练3场，转移群众120人。"
)


def hits(viewer, q="防汛"):
    return [h.item.pk for h in search_items(viewer=viewer, q=q, filters={}).hits]


def test_search_results_follow_visible_items(world):
    draft = world.draft()
    assert hits(world.a_officer) == [draft.pk]
    assert hits(world.b_officer) == []
    assert hits(world.county_editor) == []  # a draft stays the unit's business
    assert hits(world.outsider) == []
    submitted = world.submitted(title="城关镇防汛物资到位")
    assert hits(world.county_editor) == [submitted.pk]
    assert hits(world.b_officer) == []


def test_officer_warned_about_own_units_earlier_item(world):
    earlier = world.submitted(body=BODY)
    warnings = duplicate_warnings(
        viewer=world.a_officer, unit=world.town_a, title="防汛部署", body=BODY
    )
    assert [w.item for w in warnings] == [earlier]


def test_no_warning_reveals_another_units_draft(world):
    world.draft(body=BODY)
    warnings = duplicate_warnings(
        viewer=world.b_officer, unit=world.town_b, title="防汛部署", body=BODY
    )
    assert warnings == []


def test_warning_never_lists_the_item_itself(world):
    item = world.draft(body=BODY)
    warnings = duplicate_warnings(
        viewer=world.a_officer, unit=world.town_a, title=item.title, body=BODY, item_id=item.pk
    )
    assert warnings == []
