"""Authorship (署名) is never overwritten: whoever edits an item changes its text, never
who is credited with it. Changing the credit is its own audited action of the unit's
own writers and reviewers (``item_credit_change``, ``item.change_credit``)."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from govdesk.accounts.models import Role
from govdesk.audit.models import Change
from govdesk.items import services
from govdesk.items.models import Item
from tests.conftest import item_form_data, make_user

pytestmark = pytest.mark.django_db

WRITER, PHONE = "廖保国、王丽娟", "0571-88886666"


def _credited(world) -> Item:
    """A town_a item written by two officers, as the first officer drafted it."""
    colleague = make_user("a_officer2", "王丽娟", [(world.town_a, Role.OFFICER)])
    world.people["colleague"] = colleague
    return services.item_create(
        actor=world.a_officer,
        unit=world.town_a,
        fields={
            "title": "城关镇召开防汛工作部署会",
            "body": "6月3日，城关镇召开防汛工作部署会，全镇12个村落实防汛责任人36名。",
            "writer": WRITER,
            "contact_phone": PHONE,
        },
        author_ids=[world.a_officer.pk, colleague.pk],
    )


def _credit(item: Item) -> tuple:
    item.refresh_from_db()
    return (
        item.writer,
        item.contact_phone,
        sorted(item.authors.values_list("pk", flat=True)),
        item.created_by_id,
    )


def _move(world, item: Item, state: str) -> Item:
    """Bring the item to where ``state``'s editor holds it; a forwarded copy for "city"."""
    act = services.item_transition
    if state == "draft":
        return item
    act(item_id=item.pk, action="submit", actor=world.a_officer)
    if state == "pending":
        return Item.objects.get(pk=item.pk)
    act(item_id=item.pk, action="sign_off", actor=world.a_reviewer)
    if state == "returned":
        return act(item_id=item.pk, action="return", actor=world.county_editor, reason="补充数据")
    if state == "submitted":
        return Item.objects.get(pk=item.pk)
    return services.item_forward(item_id=item.pk, actor=world.county_editor)


# Every role that can edit, in the state in which it holds the item.
EDITORS = [
    ("a_officer", "draft"),
    ("colleague", "draft"),
    ("colleague", "returned"),
    ("a_reviewer", "pending"),
    ("county_editor", "submitted"),
    ("county_chief", "submitted"),
    ("city_editor", "city"),
]
IDS = [f"{who}-{state}" for who, state in EDITORS]


@pytest.mark.parametrize(("who", "state"), EDITORS, ids=IDS)
def test_an_edit_through_the_page_changes_the_text_never_the_credit(world, login, who, state):
    original = _credited(world)
    item = _move(world, original, state)
    before = _credit(item)
    actor = getattr(world, who)
    client = login(actor)
    form = client.get(reverse("items:edit", args=[item.pk])).content.decode()
    assert f"署名：执笔人 <b>{WRITER}</b>" in form
    assert 'name="writer"' not in form and 'name="authors"' not in form
    # A stale or forged form that still posts credit fields changes nothing but the text.
    data = item_form_data(
        body="修改后的正文：全镇12个村落实防汛责任人36名，储备编织袋2000条。",
        revision=item.revision,
        writer=actor.full_name,
        contact_phone="13900000000",
        authors=[actor.pk],
    )
    response = client.post(reverse("items:edit", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.body.startswith("修改后的正文") and item.updated_by == actor
    assert _credit(item) == before
    assert _credit(original)[:3] == (WRITER, PHONE, before[2])
    assert not Change.objects.filter(action="item.credit_changed").exists()


@pytest.mark.parametrize(("who", "state"), EDITORS, ids=IDS)
def test_an_edit_through_the_api_changes_the_text_never_the_credit(world, login, who, state):
    item = _move(world, _credited(world), state)
    before = _credit(item)
    client = login(getattr(world, who))
    url = f"/api/items/{item.pk}"
    refused = client.patch(
        url, {"revision": item.revision, "writer": "某某"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"]["writer"] == ["不支持此字段。"]
    response = client.patch(
        url,
        {"revision": item.revision, "title": "城关镇全面部署防汛"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["writer"] == WRITER and response.json()["contact_phone"] == PHONE
    assert [a["id"] for a in response.json()["authors"]] == before[2]
    assert _credit(item) == before


def test_the_officers_own_second_save_keeps_a_two_person_writer(world, login):
    item = _credited(world)
    client = login(world.a_officer)
    for body in ("第一次保存的正文。", "第二次保存的正文。"):
        item.refresh_from_db()
        data = item_form_data(body=body, revision=item.revision, writer="张晓梅")
        assert client.post(reverse("items:edit", args=[item.pk]), data).status_code == 302
    assert _credit(item)[:2] == (WRITER, PHONE)


def test_the_service_refuses_credit_fields_in_an_edit(world):
    item = _credited(world)
    with pytest.raises(ValidationError, match="修改正文不会改变署名"):
        services.item_update(
            item_id=item.pk, actor=world.a_officer, fields={"writer": "张晓梅"}, revision=1
        )
    assert _credit(item)[0] == WRITER


def test_the_new_item_page_prefills_the_writer_and_keeps_what_they_type(world, login):
    client = login(world.a_officer)
    page = client.get(reverse("items:new")).content.decode()
    assert 'name="writer" value="张晓梅"' in page
    data = item_form_data(body="正文。", writer=WRITER, contact_phone=PHONE)
    # The autosave creates the draft first; the page's own save then keeps the typed credit.
    client.post(reverse("items:autosave_new"), {**data, "unit": world.town_a.pk})
    item = Item.objects.get()
    client.post(reverse("items:new"), {**data, "item_id": item.pk, "revision": item.revision})
    assert _credit(item)[:3] == (WRITER, PHONE, [world.a_officer.pk])


@pytest.mark.parametrize("who", ["a_officer", "colleague", "a_reviewer"])
def test_the_units_own_people_change_the_credit_on_purpose_and_it_is_logged(world, who):
    item = _move(world, _credited(world), "submitted")
    actor = getattr(world, who)
    services.item_credit_change(
        item_id=item.pk,
        actor=actor,
        writer="王丽娟",
        contact_phone="0571-12345678",
        author_ids=[world.colleague.pk],
        reason="补记执笔人",
    )
    assert _credit(item)[:3] == ("王丽娟", "0571-12345678", [world.colleague.pk])
    change = Change.objects.get(action="item.credit_changed")
    assert change.actor == actor and change.details["reason"] == "补记执笔人"
    assert change.details["changes"]["writer"] == [WRITER, "王丽娟"]
    assert change.details["changes"]["authors"] == [
        sorted([world.a_officer.pk, world.colleague.pk]),
        [world.colleague.pk],
    ]


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("county_editor", PermissionDenied),
        ("county_chief", PermissionDenied),
        ("b_officer", Http404),
        ("city_editor", Http404),
    ],
)
def test_nobody_outside_the_unit_changes_the_credit(world, who, error):
    item = _move(world, _credited(world), "submitted")
    with pytest.raises(error):
        services.item_credit_change(
            item_id=item.pk,
            actor=getattr(world, who),
            writer="某某",
            contact_phone="",
            author_ids=[world.a_officer.pk],
        )
    assert _credit(item)[0] == WRITER


def test_credit_page_for_the_reviewer_and_403_for_the_desk(world, login):
    item = _move(world, _credited(world), "submitted")
    url = reverse("items:credit", args=[item.pk])
    assert login(world.county_editor).get(url).status_code == 403
    client = login(world.a_reviewer)
    page = client.get(url).content.decode()
    assert f'value="{WRITER}"' in page and "署名计入信息员统计、评先和单位得分" in page
    response = client.post(
        url,
        {
            "request_key": str(uuid.uuid4()),
            "writer": "廖保国",
            "contact_phone": PHONE,
            "authors": [world.a_officer.pk],
            "reason": "王丽娟未参与写作",
        },
    )
    assert response.status_code == 302
    assert _credit(item)[:3] == ("廖保国", PHONE, [world.a_officer.pk])
    detail = client.get(reverse("items:detail", args=[item.pk])).content.decode()
    assert "更改署名：《城关镇召开防汛工作部署会》" in detail and "王丽娟未参与写作" in detail
    assert "作者：<b>张晓梅</b>" in detail


def test_credit_api_for_the_officer_and_403_for_the_desk(world, login):
    item = _move(world, _credited(world), "submitted")
    payload = {"writer": "廖保国", "contact_phone": PHONE, "author_ids": [world.a_officer.pk]}
    url = f"/api/items/{item.pk}/credit"
    denied = login(world.county_editor).post(url, payload, content_type="application/json")
    assert denied.status_code == 403
    response = login(world.a_officer).post(url, payload, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["writer"] == "廖保国"
    assert [a["id"] for a in response.json()["authors"]] == [world.a_officer.pk]
