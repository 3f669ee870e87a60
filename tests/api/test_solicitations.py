"""Solicitations (约稿) and reporting key points (报送要点) through the API.

Rules from DOMAIN.md §6 (the office asks named units for an item by a deadline;
responses link to it; items may cite the key point they answer) and issue 4 §4–5
(status per unit on time / late / not answered; counts per key point and unit)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from govdesk.audit.models import Change
from govdesk.lib import clock
from govdesk.solicitations.models import KeyPoint, Solicitation

pytestmark = pytest.mark.django_db

JSON = "application/json"
START = datetime(2025, 6, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
BODY = {
    "topic": "夏粮收购进展",
    "requirements": "600字以内，附数据。",
    "deadline": "2025-06-05T09:00:00+08:00",  # START + 3 days
}


def post(client, url, data=None, **headers):
    return client.post(url, data if data is not None else {}, content_type=JSON, headers=headers)


@pytest.fixture
def solicitation(world, login):
    """The county asks town_a, town_b and the department, on 2 June 2025, due 5 June."""
    body = {**BODY, "office": world.county.pk}
    body["unit_ids"] = [world.town_a.pk, world.town_b.pk, world.dept.pk]
    with clock.frozen_at(START):
        response = post(login(world.county_editor), "/api/solicitations", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_the_desk_solicits_once_per_idempotency_key(world, login):
    editor = login(world.county_editor)
    body = {**BODY, "office": world.county.pk, "unit_ids": [world.town_a.pk]}
    with clock.frozen_at(START):
        first = post(editor, "/api/solicitations", body, **{"Idempotency-Key": "ask-1"})
        again = post(editor, "/api/solicitations", body, **{"Idempotency-Key": "ask-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Solicitation.objects.count() == 1
    assert [u["name"] for u in first.json()["units"]] == ["城关镇人民政府"]
    assert Change.objects.filter(action="solicitation.created").count() == 1


def test_refused_solicitations_say_why_and_create_nothing(world, login):
    body = {**BODY, "office": world.county.pk, "unit_ids": [world.town_a.pk]}
    with clock.frozen_at(START):
        by_officer = post(login(world.a_officer), "/api/solicitations", body)
        assert by_officer.status_code == 403
        assert by_officer.json() == {"detail": "只有本办编辑可以约稿。"}
        editor = login(world.county_editor)
        outside = post(editor, "/api/solicitations", {**body, "unit_ids": [world.city_dept.pk]})
        assert outside.status_code == 422
        assert outside.json()["errors"] == {"units": ["请填写主题并选择本办所属的约稿单位。"]}
        past = post(editor, "/api/solicitations", {**body, "deadline": "2025-06-01T09:00:00+08:00"})
        assert past.json()["errors"] == {"deadline": ["截止时间须晚于现在。"]}
        no_office = post(editor, "/api/solicitations", {**body, "office": world.town_a.pk})
        assert no_office.json()["errors"] == {"office": ["办公室不存在或已停用。"]}
    assert Solicitation.objects.count() == 0


def test_target_units_see_it_and_others_do_not(world, login, solicitation):
    url = f"/api/solicitations/{solicitation['id']}"
    assert login(world.a_officer).get("/api/solicitations").json()["count"] == 1
    assert login(world.a_officer).get(url).json()["topic"] == "夏粮收购进展"
    assert login(world.city_editor).get("/api/solicitations").json()["count"] == 0
    assert login(world.city_editor).get(url).status_code == 404
    assert login(world.outsider).get(url).status_code == 404


def test_status_per_unit_on_time_late_and_missing(world, login, solicitation):
    url = f"/api/solicitations/{solicitation['id']}/responses"
    with clock.frozen_at(START + timedelta(days=1)):
        on_time = world.submitted(title="城关镇夏粮收购过半")
        first = post(login(world.a_officer), url, {"item": on_time.pk}, **{"Idempotency-Key": "r"})
        again = post(login(world.a_officer), url, {"item": on_time.pk}, **{"Idempotency-Key": "r"})
    assert first.status_code == again.status_code == 201, first.content
    assert first.json()["id"] == again.json()["id"]
    with clock.frozen_at(START + timedelta(days=5)):
        late = world.submitted(unit=world.town_b, by=world.b_officer, title="河口乡夏粮收购")
        assert post(login(world.b_officer), url, {"item": late.pk}).status_code == 201

    table = login(world.county_editor).get(url)
    assert [(r["unit"]["name"], r["status"], r["label"]) for r in table.json()] == [
        ("城关镇人民政府", "on_time", "按时回应"),
        ("河口乡人民政府", "late", "逾期回应"),
        ("县应急管理局", "missing", "未回应"),
    ]
    assert [r["item"]["title"] for r in table.json()[0]["responses"]] == ["城关镇夏粮收购过半"]
    # A target unit sees the solicitation but not the office's table.
    assert login(world.a_officer).get(url).status_code == 403


def test_units_answer_only_with_their_own_submitted_items(world, login, solicitation):
    url = f"/api/solicitations/{solicitation['id']}/responses"
    draft = post(login(world.a_officer), url, {"item": world.draft().pk})
    assert draft.status_code == 422
    assert draft.json()["errors"] == {"item": ["请先将信息报送约稿单位，再关联约稿。"]}
    theirs = world.submitted(unit=world.town_b, by=world.b_officer)
    assert post(login(world.a_officer), url, {"item": theirs.pk}).status_code == 404
    reviewer = post(login(world.a_reviewer), url, {"item": world.submitted().pk})
    assert reviewer.status_code == 403
    assert reviewer.json() == {"detail": "只能用本单位的信息回应向本单位的约稿。"}


def test_key_points_are_published_tagged_and_counted(world, login):
    today = clock.now().date()
    editor = login(world.county_editor)
    body = {
        "office": world.county.pk,
        "kind": "focus",
        "title": "防汛备汛",
        "starts_on": (today - timedelta(days=10)).isoformat(),
        "ends_on": (today + timedelta(days=20)).isoformat(),
    }
    created = post(editor, "/api/key-points", body, **{"Idempotency-Key": "kp"})
    assert post(editor, "/api/key-points", body, **{"Idempotency-Key": "kp"}).status_code == 201
    assert created.status_code == 201 and KeyPoint.objects.count() == 1
    point = created.json()
    assert point["kind_label"] == "重点"
    assert [p["title"] for p in login(world.a_officer).get("/api/key-points").json()["items"]] == [
        "防汛备汛"
    ]
    assert login(world.city_editor).get("/api/key-points").json()["count"] == 0

    for _ in range(2):
        item = world.submitted()
        tagged = login(world.a_officer).put(
            f"/api/items/{item.pk}/key-points", {"key_point_ids": [point["id"]]}, content_type=JSON
        )
        assert tagged.status_code == 200 and [p["id"] for p in tagged.json()] == [point["id"]]
    other = world.submitted(unit=world.town_b, by=world.b_officer)
    tag_other = {"key_point_ids": [point["id"]]}
    assert (
        login(world.a_officer)
        .put(f"/api/items/{other.pk}/key-points", tag_other, content_type=JSON)
        .status_code
        == 404
    )
    login(world.b_officer).put(f"/api/items/{other.pk}/key-points", tag_other, content_type=JSON)

    counts = login(world.county_editor).get("/api/key-points/counts").json()
    assert [(r["point"]["title"], r["total"], r["units"]) for r in counts] == [
        ("防汛备汛", 3, [{"unit": "城关镇", "count": 2}, {"unit": "河口乡", "count": 1}])
    ]
    assert login(world.a_officer).get("/api/key-points/counts").status_code == 403


def test_key_points_only_from_the_desk_and_with_a_valid_period(world, login):
    body = {
        "office": world.county.pk,
        "kind": "hot",
        "title": "夏粮收购",
        "starts_on": "2025-06-10",
        "ends_on": "2025-06-01",
    }
    assert post(login(world.a_officer), "/api/key-points", body).status_code == 403
    backwards = post(login(world.county_editor), "/api/key-points", body)
    assert backwards.status_code == 422
    assert backwards.json()["errors"] == {"title": ["请填写要点，截止日期不能早于起始日期。"]}
    wrong_kind = post(login(world.county_editor), "/api/key-points", {**body, "kind": "cold"})
    assert wrong_kind.json()["errors"] == {"kind": ["取值无效，可选值：focus、hot、hard、bright。"]}
    assert KeyPoint.objects.count() == 0


def test_one_idempotency_key_on_two_endpoints_creates_both(world, login):
    """A key is scoped to the user and the endpoint, so a client reusing its counter
    across endpoints never gets a key point back for a solicitation."""
    editor = login(world.county_editor)
    ask = {**BODY, "office": world.county.pk, "unit_ids": [world.town_a.pk]}
    point = {"office": world.county.pk, "kind": "hot", "title": "夏粮"}
    point |= {"starts_on": "2025-06-01", "ends_on": "2025-06-30"}
    with clock.frozen_at(START):
        asked = post(editor, "/api/solicitations", ask, **{"Idempotency-Key": "1"})
        published = post(editor, "/api/key-points", point, **{"Idempotency-Key": "1"})
    assert asked.status_code == published.status_code == 201
    assert (asked.json()["topic"], published.json()["title"]) == ("夏粮收购进展", "夏粮")
    assert Solicitation.objects.count() == KeyPoint.objects.count() == 1
