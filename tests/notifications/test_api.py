"""One's own messages through the API: listed, read one by one or all at once; another
person's message is not found."""

import pytest

from govdesk.notifications.models import Delivery
from govdesk.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_list_and_mark_read(world, login):
    first = notify(user=world.a_officer, kind="item_returned", title="信息被退回：城关镇防汛")
    notify(user=world.a_officer, kind="item_adopted", title="信息被采用：城关镇防汛")
    other = notify(user=world.b_officer, kind="item_adopted", title="河口乡")
    client = login(world.a_officer)
    listed = client.get("/api/notifications", {"unread": True}).json()
    assert [n["title"] for n in listed["items"]] == [
        "信息被采用：城关镇防汛",
        "信息被退回：城关镇防汛",
    ]
    assert listed["items"][1]["kind_label"] == "信息被退回"
    first = first.deliveries.get(channel="inapp")
    other = other.deliveries.get(channel="inapp")
    read = client.post(f"/api/notifications/{first.pk}/read")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert client.get("/api/notifications", {"unread": True}).json()["count"] == 1
    assert client.post("/api/notifications/read-all").json() == {"marked": 1}
    foreign = client.post(f"/api/notifications/{other.pk}/read")
    assert foreign.status_code == 404
    assert foreign.json() == {"detail": "您访问的对象不存在，或您无权查看。"}
    assert Delivery.objects.get(pk=other.pk).read_at is None
