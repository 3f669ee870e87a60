"""Decisions that end an item's path ask first and say what will happen; 不予采用
carries an optional reason the unit sees; an editor may undo it within the year."""

import uuid

from django.urls import reverse

from govdesk.audit.models import Change
from govdesk.items.models import State


def _post(client, url, **data):
    return client.post(url, {"request_key": str(uuid.uuid4()), **data})


def test_reject_sits_behind_a_dialog_and_a_bare_post_only_asks(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    page = client.get(reverse("items:detail", args=[item.pk])).content.decode()
    assert 'data-dialog="dlg-reject"' in page and '<dialog id="dlg-reject"' in page
    assert "《城关镇召开防汛工作部署会》将不予采用，在某县人民政府办公室的办理就此结束。" in page
    assert "onclick=" not in page.split('<dialog id="dlg-reject"')[1].split("</dialog>")[0]
    url = reverse("items:act", args=[item.pk, "reject"])
    asked = _post(client, url).content.decode()
    assert "城关镇人民政府可在信息页和本单位信息列表中看到这一结果和原因。" in asked
    assert "年内，编辑可以撤销不予采用，信息回到采编工作台。" in asked
    item.refresh_from_db()
    assert item.state == State.SUBMITTED


def test_the_unit_sees_the_reject_reason_on_the_item_and_in_its_list(world, login):
    item = world.submitted()
    editor = login(world.county_editor)
    _post(editor, reverse("items:act", args=[item.pk, "reject"]), confirmed="1", reason="重复报送")
    item.refresh_from_db()
    assert item.state == State.NOT_ADOPTED and item.reject_reason == "重复报送"
    officer = login(world.a_officer)
    detail = officer.get(reverse("items:detail", args=[item.pk])).content.decode()
    assert "某县人民政府办公室于" in detail and "决定不予采用。原因：重复报送" in detail
    listing = officer.get(reverse("items:mine")).content.decode()
    assert "不予采用原因：重复报送" in listing


def test_an_editor_reopens_through_the_page_and_the_unit_sees_it(world, login):
    item = world.submitted()
    editor = login(world.county_editor)
    _post(editor, reverse("items:act", args=[item.pk, "reject"]), confirmed="1")
    page = editor.get(reverse("items:detail", args=[item.pk])).content.decode()
    assert 'data-dialog="dlg-reopen"' in page
    url = reverse("items:act", args=[item.pk, "reopen"])
    _post(editor, url, confirmed="1", reason="领导要求重新考虑")
    item.refresh_from_db()
    assert item.state == State.SUBMITTED
    assert Change.objects.get(action="item.reopen").details["reason"] == "领导要求重新考虑"
    detail = login(world.a_officer).get(reverse("items:detail", args=[item.pk])).content.decode()
    assert "撤销不予采用：《城关镇召开防汛工作部署会》" in detail and "领导要求重新考虑" in detail


def test_the_unit_cannot_reopen(world, login):
    item = world.submitted()
    _post(
        login(world.county_editor),
        reverse("items:act", args=[item.pk, "reject"]),
        confirmed="1",
    )
    response = _post(
        login(world.a_officer), reverse("items:act", args=[item.pk, "reopen"]), confirmed="1"
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == State.NOT_ADOPTED


def test_return_asks_and_needs_its_reason(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    url = reverse("items:act", args=[item.pk, "return"])
    asked = _post(client, url).content.decode()
    assert "修改后须经本单位重新审核签发再报送" in asked and "required" in asked
    _post(client, url, confirmed="1", reason="")
    item.refresh_from_db()
    assert item.state == State.SUBMITTED
    _post(client, url, confirmed="1", reason="请补充伤亡人数")
    item.refresh_from_db()
    assert item.state == State.RETURNED and item.return_reason == "请补充伤亡人数"
