"""Issue 18 point 4 in the adoption dialog: an item that answers a solicitation says
so, and that the office's scheme prices it as 约稿 whatever kind is picked, quoting the
seed rule; an item that answers none shows nothing of it."""

from govdesk.lib import clock
from tests.fixtures.scoring import at


def _answer(world, events):
    item = events.submitted(at(3, 2), title="城关镇春耕简况")
    events.answered(item, asked_on=at(3, 1), answered_on=at(3, 3))
    return item


def _dialog(client, item) -> str:
    with clock.frozen_at(at(3, 5)):
        page = client.get(f"/items/{item.pk}/").content.decode()
    return page.split('<dialog id="dlg-adopt">', 1)[1].split("</dialog>", 1)[0]


def test_the_adoption_dialog_says_an_answer_is_priced_as_yuegao(
    world, events, county_scheme, login
):
    item = _answer(world, events)
    dialog = _dialog(login(world.county_editor), item)
    assert "本信息回应约稿“春耕生产”。" in dialog
    assert (
        "在《快讯》的工作简况、重要会议、情况通报、上情动态栏目采用时，"
        "<b>无论选择哪种采用类型，都按约稿计分</b>（每条3分）。" in dialog
    )
    assert "依据：政务信息通报范文2 二(二)1：以上栏目采用约稿信息1条，计3分" in dialog


def test_without_a_scheme_in_force_the_dialog_says_nothing_is_scored(world, events, login):
    item = _answer(world, events)
    dialog = _dialog(login(world.county_editor), item)
    assert "本信息回应约稿“春耕生产”。" in dialog
    assert "本办本年度没有执行中的考核方案，暂不计分。" in dialog


def test_an_item_that_answers_nothing_has_no_note(world, events, county_scheme, login):
    item = events.submitted(at(3, 2), title="城关镇普通信息")
    dialog = _dialog(login(world.county_editor), item)
    assert "约稿" not in dialog.split("采用类型", 1)[0]
