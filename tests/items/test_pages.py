"""The item pages as a browser-less client sees them: nothing typed is lost, double
clicks do not double-act, denials are 403/404, lists export what they show."""

import io
import uuid

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from govdesk.audit.models import Change
from govdesk.items.models import Item, State
from tests.conftest import item_form_data, refused_page

BODY = "6月3日上午，城关镇召开防汛工作部署会，全镇12个村共落实防汛责任人36名，储备编织袋2000条。"


def _form(**overrides):
    return item_form_data(**{"body": BODY, **overrides})


def test_officer_drafts_and_submits_through_the_form(world, login):
    client = login(world.a_officer)
    response = client.post(reverse("items:new"), _form(save_submit="1"))
    item = Item.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("items:detail", args=[item.pk]) + "?saved=1"
    assert item.state == State.PENDING_SIGNOFF and item.unit == world.town_a
    assert item.office == world.county and item.writer == "张晓梅"
    assert list(item.authors.all()) == [world.a_officer]
    page = client.get(response.url)
    assert "待审核签发" in page.content.decode() and BODY in page.content.decode()


def test_a_double_click_creates_one_item(world, login):
    client = login(world.a_officer)
    data = _form()
    first = client.post(reverse("items:new"), data)
    second = client.post(reverse("items:new"), data)
    assert Item.objects.count() == 1
    assert second.status_code == 302 and second.url == first.url


def test_a_double_click_on_an_action_acts_once(world, login):
    item = world.pending()
    client = login(world.a_reviewer)
    url = reverse("items:act", args=[item.pk, "sign_off"])
    data = {"request_key": str(uuid.uuid4())}
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert Change.objects.filter(action="item.sign_off").count() == 1
    assert "已经处理" in response.content.decode()


def test_validation_error_keeps_every_character_typed(world, login):
    client = login(world.a_officer)
    response = client.post(reverse("items:new"), _form(classification="secret"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "涉密信息不上网" in html
    assert BODY in html and "城关镇部署防汛工作" in html
    assert not Item.objects.exists()


def test_failed_submit_rolls_back_and_keeps_the_text(world, login):
    client = login(world.a_officer)
    response = client.post(reverse("items:new"), _form(body="", save_submit="1"))
    assert response.status_code == 200
    assert "正文形式" in response.content.decode()
    assert "城关镇部署防汛工作" in response.content.decode()
    assert not Item.objects.exists()


def test_autosave_creates_then_updates_the_draft(world, login):
    client = login(world.a_officer)
    data = _form(unit=world.town_a.pk)
    response = client.post(reverse("items:autosave_new"), data)
    item = Item.objects.get()
    html = response.content.decode()
    assert "已自动保存草稿" in html and f'value="{item.pk}"' in html
    assert item.state == State.DRAFT and item.body == BODY
    data.update(item_id=item.pk, revision=item.revision, body=BODY + "（续）")
    client.post(reverse("items:autosave_new"), data)
    item.refresh_from_db()
    assert item.body.endswith("（续）") and Item.objects.count() == 1


def test_autosave_after_the_session_expired_says_so_and_keeps_nothing_server_side(world, client):
    response = client.post(reverse("items:autosave_new"), _form())
    assert response.status_code == 200
    assert "登录已过期" in response.content.decode()
    assert not Item.objects.exists()


def test_autosave_never_changes_text_the_office_is_editing(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    client.post(reverse("items:autosave", args=[item.pk]), _form(title="编辑中的标题"))
    item.refresh_from_db()
    assert item.title == "城关镇召开防汛工作部署会"


def test_second_editor_sees_who_is_editing_and_cannot_overwrite(world, login, client):
    item = world.submitted()
    login(world.county_editor).get(reverse("items:edit", args=[item.pk]))
    client.force_login(world.county_chief)
    page = client.get(reverse("items:edit", args=[item.pk])).content.decode()
    assert "正在由 <b>陈静</b> 编辑" in page
    response = client.post(
        reverse("items:edit", args=[item.pk]),
        _form(title="主编的标题", revision=item.revision),
    )
    assert response.status_code == 200
    assert "正在由 陈静 编辑" in response.content.decode()
    assert "主编的标题" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "城关镇召开防汛工作部署会"


def test_editor_edit_creates_a_version_and_a_readable_diff(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    client.get(reverse("items:edit", args=[item.pk]))
    response = client.post(
        reverse("items:edit", args=[item.pk]),
        _form(title="城关镇全面部署防汛", revision=item.revision, note="精简"),
    )
    assert response.status_code == 302
    diff = client.get(reverse("items:versions", args=[item.pk])).content.decode()
    assert "<del>召开</del>" in diff or "<del>" in diff
    assert "<ins>" in diff and "精简" in diff


@pytest.mark.parametrize(
    ("person", "name", "status"),
    [
        ("b_officer", "items:detail", 404),
        ("city_editor", "items:detail", 404),
        ("outsider", "items:edit", 404),
        ("a_officer", "items:edit", 403),
        ("county_leader", "items:detail", 404),
    ],
)
def test_denied_pages_are_403_or_404_never_500(world, login, person, name, status):
    item = world.submitted()
    response = login(getattr(world, person)).get(reverse(name, args=[item.pk]))
    assert response.status_code == status
    assert "政务信息" in response.content.decode()


def test_an_officer_cannot_adopt_their_own_item(world, login):
    item = world.submitted()
    response = login(world.a_officer).post(
        reverse("items:adopt", args=[item.pk]), {"target": "x", "kind": "brief"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == State.SUBMITTED


def test_editor_adopts_from_the_item_page(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    target = f"{world.kuaixun.pk}:{world.kuaixun_work.pk}"
    kinds = client.get(reverse("items:adopt_kinds", args=[item.pk]), {"target": target})
    assert "简要" in kinds.content.decode() and "专题" not in kinds.content.decode()
    response = client.post(
        reverse("items:adopt", args=[item.pk]),
        {"target": target, "kind": "brief", "request_key": str(uuid.uuid4())},
        follow=True,
    )
    assert "已采用：《快讯》·工作简况（简要）" in response.content.decode()


def test_reviewer_inbox_lists_only_their_units_pending_items(world, login):
    mine = world.pending()
    other = world.pending(by=world.b_officer, unit=world.town_b, title="河口乡开展环境整治")
    html = login(world.a_reviewer).get(reverse("items:review")).content.decode()
    assert mine.title in html and other.title not in html


def test_desk_filters_and_exports_the_same_rows(world, login):
    world.submitted()
    world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡开展环境整治")
    world.pending(title="尚未签发的信息")
    client = login(world.county_editor)
    html = client.get(reverse("items:desk"), {"unit": world.town_b.pk}).content.decode()
    assert "河口乡开展环境整治" in html and "城关镇召开防汛工作部署会" not in html
    assert "尚未签发的信息" not in client.get(reverse("items:desk")).content.decode()
    response = client.get(reverse("items:desk"), {"unit": world.town_b.pk, "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "标题", "报送单位")
    assert [r[1] for r in rows[1:]] == ["河口乡开展环境整治"]


def test_bulk_reject_asks_first_naming_each_item_then_rejects_with_the_reason(world, login):
    first = world.submitted()
    second = world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡开展环境整治")
    client = login(world.county_editor)
    ids = [first.pk, second.pk]
    page = client.post(
        reverse("items:desk_bulk"),
        {"action": "reject", "ids": ids, "request_key": str(uuid.uuid4())},
    )
    text = page.content.decode()
    assert "以下 2 条信息将不予采用，办理就此结束；报送单位可看到结果和原因：" in text
    assert (
        "《城关镇召开防汛工作部署会》（城关镇）" in text
        and "《河口乡开展环境整治》（河口乡）" in text
    )
    assert set(Item.objects.values_list("state", flat=True)) == {State.SUBMITTED}
    client.post(
        reverse("items:desk_bulk"),
        {
            "action": "reject",
            "ids": ids,
            "confirmed": "1",
            "reason": "内容与本周专报重复",
            "request_key": str(uuid.uuid4()),
        },
    )
    assert set(Item.objects.values_list("state", "reject_reason")) == {
        (State.NOT_ADOPTED, "内容与本周专报重复")
    }


def test_bulk_actions_ignore_items_outside_the_desk(world, login):
    foreign = world.pending()
    client = login(world.county_editor)
    client.post(
        reverse("items:desk_bulk"),
        {"action": "reject", "ids": [foreign.pk], "request_key": str(uuid.uuid4())},
    )
    foreign.refresh_from_db()
    assert foreign.state == State.PENDING_SIGNOFF


def test_dashboard_shows_each_role_its_todo(world, login):
    world.pending()
    world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡开展环境整治")
    reviewer = login(world.a_reviewer).get(reverse("web:dashboard")).content.decode()
    assert "待审核签发" in reviewer and "城关镇召开防汛工作部署会" in reviewer
    editor = login(world.county_editor).get(reverse("web:dashboard")).content.decode()
    assert "待采编处理" in editor and "河口乡开展环境整治" in editor


def test_forward_from_the_item_page(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    response = client.post(
        reverse("items:forward", args=[item.pk]),
        {"request_key": str(uuid.uuid4())},
        follow=True,
    )
    assert "已转报某市人民政府办公室" in response.content.decode()
    copy = Item.objects.get(forwarded_from=item)
    assert copy.office == world.city and copy.state == State.SUBMITTED


def test_a_forward_note_past_200_characters_is_refused_and_kept(world, login):
    """The browser field stops at 200; a crafted request gets the message and the page
    again with the dialog open and the note as typed (before, it was read unchecked)."""
    item = world.submitted()
    note = "请市政府办公室关注" * 22 + "城关镇"  # 198 + 3 = 201 characters
    assert len(note) == 201
    url = reverse("items:forward", args=[item.pk])
    page = refused_page(login(world.county_editor), url, {"note": note, "request_key": "k1"})
    assert "转报说明不能超过 200 个字符（现有 201 个），请删减后重试。" in page
    assert '<dialog id="dlg-forward" open data-reopen>' in page
    assert f'maxlength="200" value="{note}"' in page
    assert not Item.objects.filter(forwarded_from=item).exists()
    assert not Change.objects.filter(action="item.forward").exists()
    login(world.county_editor).post(url, {"note": note[:200], "request_key": "k1"})
    forwarded = Change.objects.get(action="item.forward")
    assert forwarded.details["note"] == note[:200]
