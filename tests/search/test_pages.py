"""The pages: search, the similarity page, the form's hints panel, and a blocked submit."""

from django.urls import reverse

from govdesk.items.models import Item, State
from govdesk.quality.models import LexiconEntry, Severity
from tests.conftest import item_form_data

BODY = (
    "6月3日，城关镇召开防汛工作部署会，全镇12个村落实防汛责任人36名，"
    "储备编织袋2000条、冲锋舟2艘，组织应急演练3场，转移群众120人。"
)


def _form(**overrides):
    return item_form_data(**{"body": BODY, **overrides})


def test_search_page_shows_highlighted_hits(world, login):
    world.draft()
    html = login(world.a_officer).get(reverse("search:search"), {"q": "防汛"}).content.decode()
    assert "共找到 1 条" in html and "<mark>防汛</mark>" in html


def test_hints_panel_lists_missing_elements_and_duplicates(world, login):
    earlier = world.submitted(body=BODY)
    client = login(world.a_officer)
    html = client.post(
        reverse("quality:hints"), _form(unit=world.town_a.pk, body=BODY + "高度重视。")
    ).content.decode()
    assert "可能与以下信息重复" in html and earlier.title in html
    html = client.post(
        reverse("quality:hints"), _form(unit=world.town_a.pk, body="切实加强防汛工作。")
    ).content.decode()
    assert "基本要素不全" in html and "重复" not in html


def test_similar_page_is_for_the_office_desk(world, login):
    world.submitted(body=BODY)
    world.submitted(unit=world.town_b, by=world.b_officer, body=BODY)
    url = reverse("search:similar", args=[world.county.pk])
    assert "疑似重复或雷同（1 组）" in login(world.county_editor).get(url).content.decode()
    assert login(world.a_officer).get(url).status_code == 403


def test_lexicon_hit_blocks_submit_and_keeps_the_text(world, login):
    LexiconEntry.objects.create(word="机密", severity=Severity.BLOCK, reason="涉密信息不上网")
    client = login(world.a_officer)
    body = BODY + "详见机密文件。"
    response = client.post(reverse("items:new"), _form(body=body, save_submit="1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "不能报送：含有“机密”——涉密信息不上网" in html and body in html
    assert not Item.objects.filter(state=State.PENDING_SIGNOFF).exists()
