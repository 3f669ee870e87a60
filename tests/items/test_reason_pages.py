"""Reasons typed on a decision's confirmation step (退回, 不予采用, also in bulk) are
bounded like the item's reason columns (2,000 characters): one too many is refused
with a Chinese message on the step shown again, the text as typed in it, and the
item is left as it was. The step's text box takes as much as the column holds."""

import uuid

from django.urls import reverse

from govdesk.audit.models import Change
from govdesk.items.models import State
from govdesk.lib.text import NOTE_MAX

TOO_LONG = "该信息与本月已采用信息重复" * 154  # 2,002 characters
MESSAGE = "原因不能超过 2000 个字符（现有 2002 个），请删减后重试。"


def _post(client, url, **data):
    return client.post(url, {"request_key": str(uuid.uuid4()), **data})


def test_a_reject_reason_past_the_column_is_refused_and_kept(world, login):
    assert len(TOO_LONG) == NOTE_MAX + 2
    item = world.submitted()
    editor = login(world.county_editor)
    url = reverse("items:act", args=[item.pk, "reject"])
    response = _post(editor, url, confirmed="1", reason=TOO_LONG)
    assert response.status_code == 400
    page = response.content.decode()
    assert MESSAGE in page
    assert f'maxlength="{NOTE_MAX}"' in page and f">{TOO_LONG}</textarea>" in page
    item.refresh_from_db()
    assert item.state == State.SUBMITTED and item.reject_reason == ""
    assert not Change.objects.filter(action="item.reject").exists()
    _post(editor, url, confirmed="1", reason=TOO_LONG[:NOTE_MAX])
    item.refresh_from_db()
    assert item.state == State.NOT_ADOPTED and item.reject_reason == TOO_LONG[:NOTE_MAX]


def test_a_return_reason_past_the_column_is_refused_and_kept(world, login):
    item = world.submitted()
    url = reverse("items:act", args=[item.pk, "return"])
    response = _post(login(world.county_editor), url, confirmed="1", reason=TOO_LONG)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert f">{TOO_LONG}</textarea>" in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.SUBMITTED and item.return_reason == ""


def test_a_bulk_reject_reason_past_the_column_is_refused_and_kept(world, login):
    items = [world.submitted(), world.submitted(title="城关镇开展安全生产大检查")]
    data = {"action": "reject", "confirmed": "1", "reason": TOO_LONG}
    response = _post(
        login(world.county_editor), reverse("items:desk_bulk"), ids=[i.pk for i in items], **data
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert MESSAGE in page and f">{TOO_LONG}</textarea>" in page
    # The step still names both items and carries them to the corrected post.
    assert all(f'name="ids" value="{i.pk}"' in page for i in items)
    for item in items:
        item.refresh_from_db()
        assert item.state == State.SUBMITTED
