"""The items API: visibility, the whole walk, and the refusals a client must understand."""

import pytest

from govdesk.accounts.models import Role
from govdesk.items.models import Item, State
from govdesk.items.services import CLASSIFIED_MESSAGE
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

JSON = "application/json"


def post(client, url, data=None):
    return client.post(url, data if data is not None else {}, content_type=JSON)


def patch(client, url, data):
    return client.patch(url, data, content_type=JSON)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def test_officer_sees_own_units_items_only(world, login):
    mine = world.draft()
    other = world.draft(by=world.b_officer, unit=world.town_b, title="河口乡开展安全生产检查")
    client = login(world.a_officer)

    assert ids(client.get("/api/items")) == {mine.pk}
    assert client.get(f"/api/items/{mine.pk}").status_code == 200
    response = client.get(f"/api/items/{other.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "信息不存在，或您无权查看。"}


def test_hidden_item_is_404_for_every_verb(world, login):
    other = world.draft(by=world.b_officer, unit=world.town_b)
    client = login(world.a_officer)

    assert patch(client, f"/api/items/{other.pk}", {"revision": 1, "title": "x"}).status_code == 404
    assert post(client, f"/api/items/{other.pk}/actions/submit").status_code == 404
    assert post(client, f"/api/items/{other.pk}/forward").status_code == 404
    assert client.get("/api/items/999999").status_code == 404
    other.refresh_from_db()
    assert other.state == State.DRAFT


def test_editor_lists_submitted_items_of_their_office_only(world, login):
    a = world.submitted()
    b = world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡完成春耕备耕")
    world.draft(title="尚未报送的草稿")
    # An item reported to the city office by a city department: not the county's business.
    city_officer = make_user("cd_officer", "冯刚", [(world.city_dept, Role.OFFICER)])
    city_item = world.draft(by=city_officer, unit=world.city_dept, title="市应急局草稿")
    client = login(world.county_editor)

    listed = ids(client.get("/api/items", {"state": State.SUBMITTED}))
    assert listed == {a.pk, b.pk}
    assert ids(client.get("/api/items", {"unit": world.town_b.pk})) == {b.pk}
    assert ids(client.get("/api/items", {"q": "春耕"})) == {b.pk}
    assert client.get(f"/api/items/{city_item.pk}").status_code == 404


def test_list_filters_are_validated_in_chinese(world, login):
    client = login(world.county_editor)
    response = client.get("/api/items", {"state": 31, "date_from": "2026-13-01"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "请求参数有误，请按字段提示修改后重试。"
    assert body["errors"]["state"] == ["取值无效，可选值：0、10、20、30、40、50、60。"]
    assert body["errors"]["date_from"] == ["日期格式应为 YYYY-MM-DD。"]


def test_list_is_paginated(world, login):
    for n in range(3):
        world.draft(title=f"第{n}条")
    client = login(world.a_officer)
    body = client.get("/api/items", {"page": 2, "page_size": 2}).json()
    assert body["count"] == 3
    assert body["page"] == 2
    assert len(body["items"]) == 1


def test_full_walk_create_submit_sign_off_adopt(world, login):
    officer = login(world.a_officer)
    response = post(
        officer,
        "/api/items",
        {
            "unit": world.town_a.pk,
            "title": "城关镇完成汛前隐患排查",
            "body": "5月以来，城关镇排查汛前隐患点42处，已整改39处。",
            "kind": "brief",
            "urgency": 3,
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    item_id = created["id"]
    assert created["state"] == State.DRAFT
    assert created["state_label"] == "草稿"
    assert created["created_at"].endswith("+08:00")
    assert created["kind_label"] == "简要"
    assert created["authors"][0]["username"] == "a_officer"
    assert {a["action"] for a in created["actions"]} == {"submit"}

    response = post(officer, f"/api/items/{item_id}/actions/submit")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == State.PENDING_SIGNOFF

    reviewer = login(world.a_reviewer)
    response = post(reviewer, f"/api/items/{item_id}/actions/sign_off", {"reason": ""})
    assert response.status_code == 200, response.content
    signed = response.json()
    assert signed["state"] == State.SUBMITTED
    assert signed["reviewer"]["username"] == "a_reviewer"
    assert [v["number"] for v in signed["versions"]] == [1]

    editor = login(world.county_editor)
    detail = editor.get(f"/api/items/{item_id}").json()
    assert {"adopt", "return", "reject"} <= {a["action"] for a in detail["actions"]}
    response = post(
        editor,
        f"/api/items/{item_id}/adopt",
        {
            "publication": world.kuaixun.pk,
            "column": world.kuaixun_work.pk,
            "kind": "brief",
            "note": "第12期",
        },
    )
    assert response.status_code == 201, response.content
    adoption = response.json()
    assert adoption["publication"] == {"id": world.kuaixun.pk, "name": "快讯"}
    assert adoption["column"]["name"] == "工作简况"
    assert adoption["kind_label"] == "简要"

    detail = editor.get(f"/api/items/{item_id}").json()
    assert detail["state"] == State.ADOPTED
    assert len(detail["adoptions"]) == 1
    actions = [h["action"] for h in detail["history"]]
    assert actions == ["item.created", "item.submit", "item.sign_off", "item.adopt"]
    assert detail["history"][2]["actor"]["full_name"] == "李建国"
    assert Item.objects.get(pk=item_id).state == State.ADOPTED

    # The adoption shows in the adoption list for the officer's unit.
    listed = login(world.a_officer).get("/api/adoptions").json()
    assert [row["item"]["id"] for row in listed["items"]] == [item_id]


def test_refused_transition_is_409_with_chinese_detail(world, login):
    item = world.draft()
    client = login(world.a_officer)
    response = post(client, f"/api/items/{item.pk}/actions/withdraw")
    assert response.status_code == 409
    assert response.json()["detail"] == "信息当前状态为“草稿”，不能执行“撤回”。"


def test_return_needs_a_reason(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    response = post(client, f"/api/items/{item.pk}/actions/return", {"reason": "  "})
    assert response.status_code == 409
    assert "须填写原因" in response.json()["detail"]
    response = post(client, f"/api/items/{item.pk}/actions/return", {"reason": "请补充整改数据"})
    assert response.status_code == 200
    assert response.json()["return_reason"] == "请补充整改数据"


def test_seeing_but_not_entitled_is_403(world, login):
    item = world.pending()
    client = login(world.a_officer)  # the officer sees the item but may not sign it off
    response = post(client, f"/api/items/{item.pk}/actions/sign_off")
    assert response.status_code == 403
    assert response.json()["detail"] == "您没有执行此操作的权限。"


def test_unknown_action_is_422(world, login):
    item = world.draft()
    response = post(login(world.a_officer), f"/api/items/{item.pk}/actions/adopt")
    assert response.status_code == 422
    assert "action" in response.json()["errors"]


def test_patch_updates_and_bumps_revision(world, login):
    item = world.draft()
    client = login(world.a_officer)
    response = patch(client, f"/api/items/{item.pk}", {"revision": 1, "title": "新标题"})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "新标题"
    assert response.json()["revision"] == 2


def test_stale_revision_is_409(world, login):
    colleague = make_user("a_officer2", "高远", [(world.town_a, Role.OFFICER)])
    item = world.draft()
    first = patch(login(colleague), f"/api/items/{item.pk}", {"revision": 1, "title": "同事的修改"})
    assert first.status_code == 200, first.content
    response = patch(
        login(world.a_officer), f"/api/items/{item.pk}", {"revision": 1, "title": "过期"}
    )
    assert response.status_code == 409
    assert "被他人修改" in response.json()["detail"]
    item.refresh_from_db()
    assert item.title == "同事的修改"


def test_patch_requires_revision_and_refuses_unknown_fields(world, login):
    item = world.draft()
    client = login(world.a_officer)
    response = patch(client, f"/api/items/{item.pk}", {"titel": "拼错的字段"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["revision"] == ["此项为必填项。"]
    assert errors["titel"] == ["不支持此字段。"]


def test_classified_item_is_422_with_the_classified_message(world, login):
    client = login(world.a_officer)
    response = post(
        client,
        "/api/items",
        {"unit": world.town_a.pk, "title": "某项目情况", "classification": "secret"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == CLASSIFIED_MESSAGE
    assert body["errors"] == {"classification": [CLASSIFIED_MESSAGE]}
    assert not Item.objects.exists()


def test_creating_for_another_unit_is_403(world, login):
    response = post(
        login(world.a_officer), "/api/items", {"unit": world.town_b.pk, "title": "越权起草"}
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "您不能为该单位报送信息。"


def test_authors_must_belong_to_the_unit(world, login):
    response = post(
        login(world.a_officer),
        "/api/items",
        {"unit": world.town_a.pk, "title": "作者有误", "author_ids": [world.b_officer.pk]},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["author_ids"] == ["作者须为城关镇人民政府的在岗人员。"]


def test_submit_without_body_is_422(world, login):
    item = world.draft(body="")
    response = post(login(world.a_officer), f"/api/items/{item.pk}/actions/submit")
    assert response.status_code == 422
    assert response.json()["errors"]["body"] == ["请以正文形式填写信息内容，不能只上传附件。"]


def test_adopting_twice_in_one_publication_is_409(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    payload = {"publication": world.zhuanbao.pk, "kind": "special"}
    assert post(client, f"/api/items/{item.pk}/adopt", payload).status_code == 201
    response = post(client, f"/api/items/{item.pk}/adopt", payload)
    assert response.status_code == 409
    assert "不能重复采用" in response.json()["detail"]


def test_adopt_refers_to_existing_publication(world, login):
    item = world.submitted()
    response = post(
        login(world.county_editor),
        f"/api/items/{item.pk}/adopt",
        {"publication": 999999, "kind": "brief"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"publication": ["刊物不存在。"]}


def test_forward_creates_the_offices_copy(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    response = post(client, f"/api/items/{item.pk}/forward", {"note": "重要情况"})
    assert response.status_code == 201, response.content
    copy = response.json()
    assert copy["forwarded_from_id"] == item.pk
    assert copy["unit"]["id"] == world.county.pk
    assert copy["office"]["id"] == world.city.pk
    assert copy["state"] == State.SUBMITTED
    # The city editor now sees the copy, not the township's original.
    city = login(world.city_editor)
    assert ids(city.get("/api/items")) == {copy["id"]}
    client = login(world.county_editor)
    actions = {a["action"] for a in client.get(f"/api/items/{item.pk}").json()["actions"]}
    assert "forward" not in actions
    assert post(client, f"/api/items/{item.pk}/forward").status_code == 409


def test_attachment_upload_download_and_refusal(world, login, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = world.draft()
    client = login(world.a_officer)
    text = SimpleUploadedFile("现场情况.txt", "防汛物资已到位。".encode(), "text/plain")
    response = client.post(f"/api/items/{item.pk}/attachments", {"file": text})
    assert response.status_code == 201, response.content
    attachment = response.json()
    assert attachment["original_name"] == "现场情况.txt"

    download = client.get(f"/api/items/{item.pk}/attachments/{attachment['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == "防汛物资已到位。"

    exe = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00" + b"\x00" * 64, "image/jpeg")
    response = client.post(f"/api/items/{item.pk}/attachments", {"file": exe})
    assert response.status_code == 422
    assert "照片.jpg" in response.json()["detail"]

    other = login(world.b_officer)
    assert other.get(f"/api/items/{item.pk}/attachments/{attachment['id']}").status_code == 404
    client = login(world.a_officer)
    assert client.delete(f"/api/items/{item.pk}/attachments/{attachment['id']}").status_code == 204


def test_a_retried_create_with_the_same_idempotency_key_creates_one_draft(world, login):
    client = login(world.a_officer)
    body = {"unit": world.town_a.pk, "title": "城关镇开展安全生产检查"}
    first = client.post(
        "/api/items", body, content_type="application/json", headers={"Idempotency-Key": "k-1"}
    )
    again = client.post(
        "/api/items", body, content_type="application/json", headers={"Idempotency-Key": "k-1"}
    )
    other = client.post(
        "/api/items", body, content_type="application/json", headers={"Idempotency-Key": "k-2"}
    )
    assert first.status_code == again.status_code == other.status_code == 201
    assert again.json()["id"] == first.json()["id"] != other.json()["id"]
    assert Item.objects.count() == 2


def test_a_refused_create_releases_its_idempotency_key(world, login):
    client = login(world.a_officer)
    headers = {"Idempotency-Key": "k-3"}
    body = {"unit": world.town_a.pk, "title": "涉密信息", "classification": "secret"}
    refused = client.post("/api/items", body, content_type="application/json", headers=headers)
    assert refused.status_code == 422
    body["classification"] = "public"
    fixed = client.post("/api/items", body, content_type="application/json", headers=headers)
    assert fixed.status_code == 201 and Item.objects.count() == 1
