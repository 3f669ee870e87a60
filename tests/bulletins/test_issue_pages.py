"""The issue pages end to end through the test client: assemble, sign, release, read."""

from django.utils import timezone

from govdesk.bulletins import services as issues
from govdesk.bulletins.models import Issue, IssueRead, IssueState


def _key():
    import uuid

    return str(uuid.uuid4())


def test_editor_assembles_and_chief_releases_through_the_pages(world, adopted, login, client):
    item = adopted(title="城关镇部署防汛")
    editor = login(world.county_editor)
    response = editor.post(
        "/bulletins/new/", {"publication": world.kuaixun.pk, "request_key": _key()}
    )
    issue = Issue.objects.get()
    assert response.url == f"/bulletins/{issue.pk}/"
    page = editor.get(f"/bulletins/{issue.pk}/").content.decode()
    assert "城关镇部署防汛" in page and "编入本期" in page
    editor.post(f"/bulletins/{issue.pk}/entries/", {"items": [item.pk], "request_key": _key()})
    editor.post(
        f"/bulletins/{issue.pk}/recipients/",
        {"send_users": [world.county_leader.pk], "copy_units": [world.town_a.pk]},
    )
    assert editor.post(f"/bulletins/{issue.pk}/sign/").status_code == 403
    chief = login(world.county_chief)
    # Each of 签发 and 印发 first shows what will happen, and acts only when confirmed.
    asked = chief.post(f"/bulletins/{issue.pk}/sign/", {"request_key": _key()}).content.decode()
    assert "签发后本期（1篇文章）定稿，不能再编入、修改、调整或移出文章。" in asked
    assert "签发人记为刘伟，签发时间记入办理记录。" in asked
    issue.refresh_from_db()
    assert issue.state == IssueState.DRAFT
    chief.post(f"/bulletins/{issue.pk}/sign/", {"request_key": _key(), "confirmed": "1"})
    asked = chief.post(f"/bulletins/{issue.pk}/release/", {"request_key": _key()}).content.decode()
    assert f"本期将编为《快讯》{timezone.localdate().year}年第1期" in asked
    assert "本期将发送给1位领导、1个单位（报送、抄送），他们随即可以阅读。" in asked
    assert "印发后不能撤回，只能作废；作废的期号保留不再使用。" in asked
    issue.refresh_from_db()
    assert issue.state == IssueState.SIGNED
    chief.post(f"/bulletins/{issue.pk}/release/", {"request_key": _key(), "confirmed": "1"})
    issue.refresh_from_db()
    assert issue.state == IssueState.RELEASED and issue.number == 1
    docx = chief.get(f"/bulletins/{issue.pk}/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_a_leader_sees_released_issues_only_with_unread_marks(world, adopted, released, login):
    draft = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    issue = released(adopted(title="城关镇部署防汛"))
    leader = login(world.county_leader)
    assert leader.get(f"/bulletins/{draft.pk}/").status_code == 404
    listing = leader.get("/bulletins/").content.decode()
    assert "未读" in listing and "（未编号）" not in listing
    page = leader.get(f"/bulletins/{issue.pk}/").content.decode()
    assert "城关镇部署防汛" in page and "批示" in page
    assert IssueRead.objects.filter(issue=issue, user=world.county_leader).exists()
    assert "未读" not in leader.get("/bulletins/").content.decode()
    assert "城关镇部署防汛" not in leader.get("/bulletins/?q=秋粮").content.decode()


def test_read_receipts_show_who_has_not_read(world, adopted, released, login):
    issue = released(adopted())
    login(world.a_officer).get(f"/bulletins/{issue.pk}/")  # town_a is copied
    page = login(world.county_editor).get(f"/bulletins/{issue.pk}/").content.decode()
    assert "阅读情况" in page
    assert "张晓梅" in page  # town_a read by its officer
    assert "未读" in page  # the leader has not


def test_outsiders_and_other_units_do_not_see_an_issue(world, adopted, released, login):
    issue = released(adopted())
    assert login(world.b_officer).get(f"/bulletins/{issue.pk}/").status_code == 404
    assert login(world.outsider).get(f"/bulletins/{issue.pk}/docx/").status_code == 404
    assert login(world.city_editor).get(f"/bulletins/{issue.pk}/").status_code == 404


def test_leader_annotates_from_the_issue(world, adopted, released, login):
    item = adopted()
    issue = released(item)
    leader = login(world.county_leader)
    form = leader.get(f"/annotations/item/{item.pk}/new/?issue={issue.pk}")
    assert form.status_code == 200 and "代为录入" not in form.content.decode()
    response = leader.post(
        f"/annotations/item/{item.pk}/new/?issue={issue.pk}",
        {
            "text": "经验很好，请总结推广。",
            "requires_action": "on",
            "units": [world.town_a.pk],
            "workdays": 5,
            "request_key": _key(),
        },
    )
    assert response.status_code == 302
    assert item.annotations.get().tasks.get().unit == world.town_a
    page = login(world.a_officer).get(f"/items/{item.pk}/").content.decode()
    assert "经验很好，请总结推广。" in page
    assert login(world.b_officer).get(f"/annotations/item/{item.pk}/new/").status_code == 404
