"""Issues (期) through the API: assembly, signing, release, reading, and the refusals.

Rules from DOMAIN.md §2 (the chief editor signs, leaders read), §4 (numbering, the
distribution list) and issue 4 (combine credit, read receipts, a leader sees released
issues only)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from govdesk.audit.models import Change
from govdesk.bulletins import services as issues
from govdesk.bulletins.models import Issue, IssueState
from govdesk.lib import clock

# Issue documents land in the test's own directory.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_storage")]

JSON = "application/json"
JUNE_3 = datetime(2026, 6, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


def post(client, url, data=None, **headers):
    return client.post(url, data if data is not None else {}, content_type=JSON, headers=headers)


def test_editor_assembles_and_chief_signs_and_releases(world, login, adopted):
    item = adopted()
    editor = login(world.county_editor)
    body = {"publication": world.kuaixun.pk, "title": "防汛专刊"}
    first = post(editor, "/api/issues", body, **{"Idempotency-Key": "new-issue"})
    again = post(editor, "/api/issues", body, **{"Idempotency-Key": "new-issue"})
    assert first.status_code == again.status_code == 201, first.content
    issue_id = first.json()["id"]
    assert again.json()["id"] == issue_id and Issue.objects.count() == 1
    assert first.json()["state_label"] == "编辑中" and first.json()["number_label"] == "（未编号）"

    addable = editor.get(f"/api/issues/{issue_id}/addable")
    assert [i["id"] for i in addable.json()] == [item.pk]
    entry = post(editor, f"/api/issues/{issue_id}/entries", {"item_ids": [item.pk]})
    assert entry.status_code == 201, entry.content
    assert entry.json()["title"] == "城关镇召开防汛工作部署会"
    assert entry.json()["column"]["name"] == "工作简况"
    assert [u["id"] for u in entry.json()["credited_units"]] == [world.town_a.pk]
    assert editor.get(f"/api/issues/{issue_id}/addable").json() == []

    recipients = editor.put(
        f"/api/issues/{issue_id}/recipients",
        {"send_users": [world.county_leader.pk], "copy_units": [world.town_a.pk]},
        content_type=JSON,
    )
    assert recipients.status_code == 200, recipients.content
    copied, sent = recipients.json()["recipients"]  # 抄送 sorts before 报送 by code
    assert (sent["kind_label"], sent["user"]["full_name"], sent["unit"]) == ("报送", "黄志强", None)
    assert (copied["kind_label"], copied["user"], copied["unit"]["name"]) == (
        "抄送",
        None,
        "城关镇人民政府",
    )
    assert recipients.json()["can_edit"] is True and recipients.json()["can_sign"] is False

    refused = post(editor, f"/api/issues/{issue_id}/sign")
    assert refused.status_code == 403
    chief = login(world.county_chief)
    signed = post(chief, f"/api/issues/{issue_id}/sign")
    assert signed.status_code == 200 and signed.json()["state"] == IssueState.SIGNED
    assert signed.json()["signer"]["username"] == "county_chief"
    with clock.frozen_at(JUNE_3):
        released_ = post(chief, f"/api/issues/{issue_id}/release")
    assert released_.status_code == 200, released_.content
    out = released_.json()
    assert (out["state"], out["number"], out["total_number"]) == (IssueState.RELEASED, 1, 1)
    assert (out["number_label"], out["date"]) == ("2026年第1期", "2026-06-03")
    assert list(
        Change.objects.filter(target_id=issue_id, action__startswith="issue.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "issue.created",
        "issue.entry_added",
        "issue.recipients_set",
        "issue.signed",
        "issue.released",
    ]


def test_several_items_combine_into_one_article_crediting_every_unit(
    world,
    login,
    adopted,
):
    """Issue 4 §1: a 综合信息 article's credit goes to every contributing unit."""
    a = adopted()
    b = adopted(by=world.b_officer, unit=world.town_b, title="河口乡防汛物资到位")
    editor = login(world.county_editor)
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    url = f"/api/issues/{issue.pk}/entries"
    untitled = post(editor, url, {"item_ids": [a.pk, b.pk]})
    assert untitled.status_code == 409
    assert untitled.json() == {"detail": "综合信息须填写标题和正文。"}
    combined = post(
        editor,
        url,
        {"item_ids": [a.pk, b.pk], "title": "各乡镇全力备汛", "body": "城关镇、河口乡……"},
    )
    assert combined.status_code == 201, combined.content
    assert combined.json()["combined"] is True and combined.json()["column"] is None
    assert [u["name"] for u in combined.json()["credited_units"]] == [
        "城关镇人民政府",
        "河口乡人民政府",
    ]
    draft = world.submitted(title="尚未采用的信息")
    stray = post(editor, url, {"item_ids": [draft.pk]})
    assert stray.status_code == 409 and stray.json()["detail"] == "只能编入已被《快讯》采用的信息。"
    empty = post(editor, url, {"item_ids": []})
    assert empty.status_code == 422 and list(empty.json()["errors"]) == ["item_ids"]


def test_entries_are_edited_moved_and_removed_only_while_editing(
    world,
    login,
    adopted,
):
    first, second = adopted(title="第一篇"), adopted(title="第二篇")
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    one = issues.entry_add(actor=world.county_editor, issue_id=issue.pk, item_ids=[first.pk])
    two = issues.entry_add(actor=world.county_editor, issue_id=issue.pk, item_ids=[second.pk])
    editor = login(world.county_editor)

    moved = post(editor, f"/api/issues/entries/{two.pk}/move", {"offset": -1})
    assert [e["title"] for e in moved.json()] == ["第二篇", "第一篇"]
    edited = editor.patch(
        f"/api/issues/entries/{one.pk}",
        {"title": "第一篇（改）", "body": "改后正文", "editor_note": "编者按：值得推广。"},
        content_type=JSON,
    )
    assert edited.status_code == 200 and edited.json()["editor_note"] == "编者按：值得推广。"
    assert editor.delete(f"/api/issues/entries/{two.pk}").status_code == 204
    assert [e.title for e in issue.entries.all()] == ["第一篇（改）"]
    # A township officer may not even see a draft issue's article.
    assert login(world.a_officer).delete(f"/api/issues/entries/{one.pk}").status_code == 404

    issues.issue_sign(actor=world.county_chief, issue_id=issue.pk)
    late = login(world.county_editor).patch(
        f"/api/issues/entries/{one.pk}", {"title": "再改", "body": "x"}, content_type=JSON
    )
    assert late.status_code == 409 and late.json()["detail"] == "本期已签发，不能再修改。"


def test_a_leader_sees_released_issues_only_and_marks_them_read(
    world,
    login,
    adopted,
    released,
):
    """Issue 4 "Done when": a leader sees released issues only; read receipts."""
    out = released()
    draft = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    leader = login(world.county_leader)
    listing = leader.get("/api/issues").json()
    assert [(i["id"], i["unread"]) for i in listing["items"]] == [(out.pk, True)]
    assert leader.get(f"/api/issues/{draft.pk}").status_code == 404
    assert post(leader, f"/api/issues/{draft.pk}/read").status_code == 404

    assert post(leader, f"/api/issues/{out.pk}/read").json() == {"first_time": True}
    assert post(leader, f"/api/issues/{out.pk}/read").json() == {"first_time": False}
    assert leader.get("/api/issues").json()["items"][0]["unread"] is False
    assert leader.get(f"/api/issues/{out.pk}/receipts").status_code == 403
    assert leader.get(f"/api/issues/{out.pk}/addable").status_code == 403

    receipts = login(world.county_editor).get(f"/api/issues/{out.pk}/receipts").json()
    readers = [(r["recipient"]["kind"], r["reader"] and r["reader"]["username"]) for r in receipts]
    assert readers == [("copy", None), ("send", "county_leader")]  # nobody of town_a read it
    editor_list = login(world.county_editor).get("/api/issues").json()
    assert {i["id"] for i in editor_list["items"]} == {out.pk, draft.pk}


@pytest.mark.parametrize("person", ["b_officer", "d_officer", "city_editor", "outsider"])
def test_people_off_the_distribution_list_get_404(world, login, released, person):
    out = released()
    client = login(getattr(world, person))
    assert client.get(f"/api/issues/{out.pk}").status_code == 404
    assert client.get("/api/issues").json()["count"] == 0
    assert post(client, f"/api/issues/{out.pk}/void", {"reason": "重复印发"}).status_code == 404


def test_the_copied_unit_reads_the_released_issue(world, login, released):
    out = released()
    detail = login(world.a_officer).get(f"/api/issues/{out.pk}")
    assert detail.status_code == 200
    assert detail.json()["can_edit"] is False and len(detail.json()["entries"]) == 1


def test_only_the_desk_of_the_publications_office_creates_issues(world, login):
    refused = post(login(world.city_editor), "/api/issues", {"publication": world.kuaixun.pk})
    assert refused.status_code == 403 and refused.json() == {"detail": "您不是该刊物的编辑。"}
    missing = post(login(world.county_editor), "/api/issues", {"publication": 999999})
    assert missing.status_code == 422
    assert missing.json()["errors"] == {"publication": ["刊物不存在或已停用。"]}
    assert Issue.objects.count() == 0


def test_distribution_outside_the_office_is_refused_and_nothing_changes(world, login):
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    response = login(world.county_editor).put(
        f"/api/issues/{issue.pk}/recipients",
        {"send_users": [world.a_officer.pk], "copy_units": [world.city_dept.pk]},
        content_type=JSON,
    )
    assert response.status_code == 422
    message = ["只能选择本办领导，以及上级办公室和本办下属单位。"]
    assert response.json()["errors"] == {"send_users": message, "copy_units": message}
    assert issue.recipients.count() == 0


def test_the_chief_voids_a_released_issue_with_a_reason(world, login, released):
    out = released()
    chief = login(world.county_chief)
    reasonless = post(chief, f"/api/issues/{out.pk}/void", {"reason": ""})
    assert reasonless.status_code == 422 and "reason" in reasonless.json()["errors"]
    by_editor = post(login(world.county_editor), f"/api/issues/{out.pk}/void", {"reason": "x"})
    assert by_editor.status_code == 403
    voided = post(login(world.county_chief), f"/api/issues/{out.pk}/void", {"reason": "内容有误"})
    assert voided.status_code == 200
    assert (voided.json()["state_label"], voided.json()["void_reason"]) == ("已作废", "内容有误")
