"""Items sent to the portal alone (单独报送网站, issue 17 §1): the unit's reviewer sends
a 主动公开 item to the portal desk without submitting it to the office's information
section; the 网站编辑 sees it on the desk and takes it like any other."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from govdesk.audit.models import Change
from govdesk.items.models import State
from govdesk.portal import selectors, services
from govdesk.portal.models import PortalSubmission
from tests.fixtures.portal import public_item

pytestmark = pytest.mark.django_db


def test_the_reviewer_sends_a_draft_to_the_portal_alone(world, portal):
    item = world.draft(public_release="active", title="城关镇开展植树活动")
    services.item_send_to_portal(actor=world.a_reviewer, item_id=item.pk)
    item.refresh_from_db()
    assert item.state == State.DRAFT  # still the unit's; the information section never sees it
    change = Change.objects.get(action="portal.sent")
    assert (
        change.actor == world.a_reviewer
        and change.summary == "单独报送网站：《城关镇开展植树活动》"
    )
    (queued,) = selectors.desk_queue(world.county)
    assert queued == item and queued.sent_alone is not None
    # It counts toward the unit's monthly quota (每月不少于4条) like a submitted one.
    (row,) = [
        r
        for r in selectors.quota_table(world.county, timezone.localdate(item.created_at))
        if r.unit == world.town_a
    ]
    assert (row.sent, row.published) == (1, 0)
    article = services.article_prepare(
        actor=world.county_web, item_id=item.pk, column_id=portal["xzdt"].pk
    )
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    services.article_publish(actor=world.county_web, article_id=article.pk)
    assert list(selectors.desk_queue(world.county)) == []
    assert list(selectors.live_articles(world.county)) == [article]
    (row,) = [
        r
        for r in selectors.quota_table(world.county, timezone.localdate(item.created_at))
        if r.unit == world.town_a
    ]
    assert (row.sent, row.published) == (1, 1)


@pytest.mark.parametrize(
    "person",
    ["a_officer", "b_reviewer", "d_reviewer", "county_editor", "county_chief", "county_web",
     "outsider"],
)  # fmt: skip
def test_only_the_units_signers_send(world, portal, person):
    item = world.draft(public_release="active")
    with pytest.raises((PermissionDenied, Http404)):
        services.item_send_to_portal(actor=world.people[person], item_id=item.pk)
    assert (
        not PortalSubmission.objects.exists()
        and not Change.objects.filter(action="portal.sent").exists()
    )


def test_what_cannot_be_sent(world, portal):
    private = world.draft()
    with pytest.raises(ValidationError) as error:
        services.item_send_to_portal(actor=world.a_reviewer, item_id=private.pk)
    assert error.value.messages == ["只有公开属性为“主动公开”的信息才能上网发布。"]
    submitted = public_item(world)
    with pytest.raises(ValidationError) as error:
        services.item_send_to_portal(actor=world.a_reviewer, item_id=submitted.pk)
    assert error.value.messages == ["这条信息已报送本级办公室，网站编辑可直接选用，无需单独发送。"]
    item = world.draft(public_release="active")
    services.item_send_to_portal(actor=world.a_reviewer, item_id=item.pk)
    with pytest.raises(ValidationError) as error:
        services.item_send_to_portal(actor=world.a_reviewer, item_id=item.pk)
    assert error.value.messages == ["这条信息已发送到门户网站。"]
    assert PortalSubmission.objects.count() == 1


def test_a_draft_not_sent_is_not_on_the_desk(world, portal):
    item = world.draft(public_release="active")
    assert list(selectors.desk_queue(world.county)) == []
    with pytest.raises(ValidationError, match="信息尚未报送到本办公室，不能选用。"):
        services.article_prepare(
            actor=world.county_web, item_id=item.pk, column_id=portal["xzdt"].pk
        )


def test_through_the_item_page_and_the_desk(world, portal, login):
    item = world.draft(public_release="active", title="城关镇开展植树活动")
    page = f"/items/{item.pk}/"
    assert "单独报送网站" not in login(world.a_officer).get(page).content.decode()
    assert login(world.a_officer).post(f"/portal/send/{item.pk}/").status_code in (403, 404)
    client = login(world.a_reviewer)
    assert (
        '<button class="btn" type="submit">单独报送网站</button>'
        in client.get(page).content.decode()
    )
    response = client.post(f"/portal/send/{item.pk}/", follow=True)
    text = response.content.decode()
    assert "已单独报送门户网站，等待网站编辑审查发布。" in text
    assert "已单独报送网站：李建国" in text and "等待网站编辑选用。" in text
    response = client.post(f"/portal/send/{item.pk}/", follow=True)
    assert "这条信息已发送到门户网站。" in response.content.decode()
    desk = login(world.county_web).get("/portal/desk/").content.decode()
    assert "城关镇开展植树活动" in desk and "<td>单独报送网站</td>" in desk
