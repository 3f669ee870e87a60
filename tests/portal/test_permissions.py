"""Who may edit the portal: the office's 网站编辑 only; its chief reads the desk; the
office's bulletin desk, the units and other offices' portal editors see nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from govdesk.portal import services
from govdesk.portal.models import Article
from tests.fixtures.portal import public_item

# person -> (what taking an item for the site does, the desk page's status)
TABLE = {
    "county_web": (None, 200),
    "county_chief": (PermissionDenied, 200),
    "county_editor": (Http404, 404),
    "county_admin": (Http404, 404),
    "a_officer": (Http404, 404),
    "a_reviewer": (Http404, 404),
    "city_web": (Http404, 200),  # its own office's desk, not the county's items
    "outsider": (Http404, 404),
}


@pytest.mark.parametrize("person", TABLE)
def test_who_may_take_and_publish(world, portal, person):
    item = public_item(world)
    refusal, _ = TABLE[person]
    actor = world.people[person]
    if refusal is None:
        article = services.article_prepare(
            actor=actor, item_id=item.pk, column_id=portal["xzdt"].pk
        )
        services.article_confirm_secrecy(actor=actor, article_id=article.pk)
        services.article_publish(actor=actor, article_id=article.pk)
        return
    with pytest.raises(refusal):
        services.article_prepare(actor=actor, item_id=item.pk, column_id=portal["xzdt"].pk)
    assert not Article.objects.exists()
    # Nor may they act on an article the portal editor took.
    article = services.article_prepare(
        actor=world.county_web, item_id=item.pk, column_id=portal["xzdt"].pk
    )
    with pytest.raises(refusal):
        services.article_confirm_secrecy(actor=actor, article_id=article.pk)
    article.refresh_from_db()
    assert article.secrecy_checked_at is None


@pytest.mark.parametrize("person", TABLE)
def test_desk_page(world, portal, login, person):
    _, status = TABLE[person]
    assert login(world.people[person]).get("/portal/desk/").status_code == status


def test_other_office_desk_does_not_show_county_items(world, portal, login):
    public_item(world, title="城关镇举办农产品展销会")
    page = login(world.city_web).get("/portal/desk/").content.decode()
    assert "某市人民政府办公室网站" in page
    assert "城关镇举办农产品展销会" not in page


def test_desk_page_shows_the_queue_to_the_portal_editor(world, portal, login):
    public_item(world, title="城关镇举办农产品展销会")
    world.submitted(title="河口乡内部工作安排", unit=world.town_b, by=world.b_officer)
    page = login(world.county_web).get("/portal/desk/").content.decode()
    assert "城关镇举办农产品展销会" in page
    assert "河口乡内部工作安排" not in page


def test_publishing_through_the_desk_pages(world, portal, login):
    item = public_item(world)
    client = login(world.county_web)
    taken = client.post(f"/portal/desk/take/{item.pk}/", {"column": portal["xzdt"].pk})
    article = Article.objects.get()
    assert taken.url == f"/portal/desk/a/{article.pk}/"
    refused = client.post(f"/portal/desk/a/{article.pk}/publish/", follow=True)
    assert "未经保密审查，不能发布。" in refused.content.decode()
    client.post(f"/portal/desk/a/{article.pk}/secrecy/")
    done = client.post(f"/portal/desk/a/{article.pk}/publish/", follow=True)
    assert "已发布（或已定时）。" in done.content.decode()
    article.refresh_from_db()
    assert article.state == 20
