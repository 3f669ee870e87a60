"""Search and duplicate checks through the API: the same selectors as the pages, so an
officer never finds another unit's item."""

from tests.search.test_duplicates import BODY, OTHER


def test_full_text_search_within_what_the_viewer_sees(world, login):
    mine = world.submitted(title="城关镇部署防汛工作", body=BODY)
    world.submitted(unit=world.town_b, by=world.b_officer, title="河口乡防汛", body=BODY)
    editor = login(world.county_editor).get("/api/search/items", {"q": "防汛"}).json()
    assert editor["total"] == 2 and "防汛" in editor["words"]
    officer = login(world.a_officer).get("/api/search/items", {"q": "防汛"}).json()
    assert [h["item"]["id"] for h in officer["hits"]] == [mine.pk]
    assert "<mark>防汛</mark>" in officer["hits"][0]["title"]
    empty = login(world.a_officer).get("/api/search/items", {"q": ""})
    assert empty.status_code == 422
    assert empty.json()["errors"] == {"q": ["长度不能少于 1 个字符。"]}


def test_near_duplicates_before_submitting_and_among_received_items(world, login):
    first = world.submitted(body=BODY)
    copy = world.submitted(
        unit=world.town_b, by=world.b_officer, body=BODY.replace("城关镇", "河口乡")
    )
    world.submitted(unit=world.town_b, by=world.b_officer, title="河口乡丰收节", body=OTHER)
    check = {"unit_id": world.town_b.pk, "title": "河口乡防汛", "body": BODY}
    found = login(world.county_editor).post(
        "/api/search/similar", check, content_type="application/json"
    )
    assert found.status_code == 200, found.content
    assert {row["item"]["id"] for row in found.json()} == {first.pk, copy.pk}
    # An officer of 河口乡 is warned only of what they may see: their own unit's copy.
    own = login(world.b_officer).post("/api/search/similar", check, content_type="application/json")
    assert [row["item"]["id"] for row in own.json()] == [copy.pk]
    pairs = login(world.county_editor).get(f"/api/search/offices/{world.county.pk}/pairs").json()
    assert [(p["first"]["id"], p["second"]["id"], p["label"]) for p in pairs] == [
        (first.pk, copy.pk, "疑似雷同")
    ]
    refused = login(world.a_officer).get(f"/api/search/offices/{world.county.pk}/pairs")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "只有本办公室的编辑可以查看查重结果。"}
