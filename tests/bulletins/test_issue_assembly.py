"""Assembling an issue with little work: a searchable, paged pick list and a default
distribution per publication that each new issue starts from (issue 13 point 4)."""

from datetime import timedelta

import pytest

from govdesk.audit.models import Change
from govdesk.bulletins import services as issues
from govdesk.bulletins.models import Issue, IssueRecipient
from govdesk.bulletins.views import PICK_PAGE_SIZE
from govdesk.lib import clock
from govdesk.publications import services
from govdesk.publications.models import Adoption


def _recipients(issue):
    return sorted(
        (r.kind, str(r.user.username if r.user_id else r.unit.name))
        for r in IssueRecipient.objects.filter(issue=issue).select_related("user", "unit")
    )


def test_a_new_issue_starts_from_the_publications_default_distribution(world):
    services.publication_set_distribution(
        actor=world.county_chief,
        publication_id=world.kuaixun.pk,
        send_users=[world.county_leader],
        send_units=[world.city],
        copy_units=[world.town_a, world.dept],
    )
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    assert _recipients(issue) == [
        ("copy", "县应急管理局"),
        ("copy", "城关镇人民政府"),
        ("send", "county_leader"),
        ("send", "某市人民政府办公室"),
    ]
    # The issue keeps its own copy: a later change of the default leaves it alone.
    services.publication_set_distribution(actor=world.county_chief, publication_id=world.kuaixun.pk)
    assert len(_recipients(issue)) == 4
    assert (
        _recipients(issues.issue_create(actor=world.county_editor, publication=world.kuaixun)) == []
    )
    logged = Change.objects.filter(action="publication.distribution_set").order_by("pk")
    assert [e.actor for e in logged] == [world.county_chief, world.county_chief]


def test_a_unit_cannot_be_both_sent_to_and_copied(world, login):
    client = login(world.county_chief)
    url = f"/bulletins/publications/{world.kuaixun.pk}/"
    response = client.post(
        url,
        {"request_key": "k1", "send_units": [world.town_a.pk], "copy_units": [world.town_a.pk]},
    )
    assert response.status_code == 200
    assert "城关镇不能既报送又抄送，请只选其一。" in response.content.decode()
    assert not world.kuaixun.default_send_units.exists()
    with pytest.raises(issues.IssueError, match="城关镇不能既报送又抄送"):
        issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
        issues.issue_set_recipients(
            actor=world.county_editor,
            issue_id=issue.pk,
            send_units=[world.town_a],
            copy_units=[world.town_a],
        )


def test_the_settings_page_saves_the_default_distribution(world, login):
    client = login(world.county_chief)
    url = f"/bulletins/publications/{world.kuaixun.pk}/"
    page = client.get(url).content.decode()
    assert "默认报送、抄送范围" in page and "黄志强" in page and "乡镇/街道" in page
    response = client.post(
        url,
        {
            "request_key": "k2",
            "send_users": [world.county_leader.pk],
            "copy_units": [world.town_a.pk, world.town_b.pk],
        },
        follow=True,
    )
    assert "已保存《快讯》的默认分送范围，此后新编的刊期按此预置。" in response.content.decode()
    assert list(world.kuaixun.default_send_users.all()) == [world.county_leader]
    assert set(world.kuaixun.default_copy_units.all()) == {world.town_a, world.town_b}


def test_a_unit_outside_the_office_is_refused_in_words(world, login):
    client = login(world.county_chief)
    response = client.post(
        f"/bulletins/publications/{world.kuaixun.pk}/",
        {"request_key": "k3", "copy_units": [world.city_dept.pk]},
    )
    assert "所选对象不在本办的分送范围内。" in response.content.decode()
    assert not world.kuaixun.default_copy_units.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("county_chief", 200),
        ("county_admin", 200),
        ("county_editor", 403),
        ("county_leader", 403),
        ("a_officer", 403),
        ("city_editor", 403),
    ],
)
def test_who_may_change_a_publications_settings(world, login, who, status):
    client = login(getattr(world, who))
    url = f"/bulletins/publications/{world.kuaixun.pk}/"
    assert client.get(url).status_code == status
    response = client.post(url, {"request_key": f"k-{who}", "copy_units": [world.town_a.pk]})
    assert response.status_code == (302 if status == 200 else status)
    assert world.kuaixun.default_copy_units.exists() == (status == 200)


def test_the_list_links_settings_for_those_who_may_change_them(world, login):
    assert "刊物设置" in login(world.county_chief).get("/bulletins/").content.decode()
    assert "刊物设置" not in login(world.county_editor).get("/bulletins/").content.decode()


@pytest.fixture
def desk_issue(world):
    return issues.issue_create(actor=world.county_editor, publication=world.kuaixun)


def _titles(response) -> list[str]:
    page = response.context["pick_page"]
    return [item.title for item in page]


def test_the_pick_list_searches_filters_and_pages(world, adopted, desk_issue, login):
    first = adopted(title="城关镇秋粮收购进度过半")
    adopted(title="河口乡启动冬修水利", unit=world.town_b, by=world.b_officer)
    adopted(title="县应急管理局开展消防检查", unit=world.dept, by=world.d_officer)
    client = login(world.county_editor)
    url = f"/bulletins/{desk_issue.pk}/pick/"
    assert _titles(client.get(url, {"q": "秋粮"})) == ["城关镇秋粮收购进度过半"]
    assert _titles(client.get(url, {"unit": world.town_b.pk})) == ["河口乡启动冬修水利"]
    assert len(_titles(client.get(url, {"column": world.kuaixun_work.pk}))) == 3
    # Dates are the adoption's, in the office's calendar.
    Adoption.objects.filter(item=first).update(adopted_at=clock.now() - timedelta(days=40))
    start = (clock.now() - timedelta(days=3)).date().isoformat()
    assert "城关镇秋粮收购进度过半" not in _titles(client.get(url, {"start": start}))
    response = client.get(url, {"start": "2026-05-02", "end": "2026-05-01"})
    assert (
        "结束日期不能早于开始日期。"
        in client.get(
            f"/bulletins/{desk_issue.pk}/", {"start": "2026-05-02", "end": "2026-05-01"}
        ).content.decode()
    )
    assert response.status_code == 200
    # Items already in an issue drop out, unless asked for.
    issues.entry_add(actor=world.county_editor, issue_id=desk_issue.pk, item_ids=[first.pk])
    assert "城关镇秋粮收购进度过半" not in _titles(client.get(url))
    everything = client.get(url, {"scope": "all"})
    assert "城关镇秋粮收购进度过半" in _titles(everything)
    assert "已编入其他刊期" in everything.content.decode()


def test_the_pick_list_pages_with_and_without_javascript(world, adopted, desk_issue, login):
    for n in range(PICK_PAGE_SIZE + 2):
        adopted(title=f"城关镇第{n}条动态")
    client = login(world.county_editor)
    partial = client.get(f"/bulletins/{desk_issue.pk}/pick/", {"q": "城关镇", "page": 2})
    assert len(_titles(partial)) == 2
    assert "<html" not in partial.content.decode()
    whole = client.get(f"/bulletins/{desk_issue.pk}/", {"q": "城关镇", "page": 2})
    assert len(_titles(whole)) == 2 and "<html" in whole.content.decode()
    assert "第 2 / 2 页" in whole.content.decode()


def test_one_click_adds_one_item_alone(world, adopted, desk_issue, login):
    one, other = adopted(title="城关镇一"), adopted(title="城关镇二")
    client = login(world.county_editor)
    client.post(
        f"/bulletins/{desk_issue.pk}/entries/",
        {"request_key": "k4", "item": one.pk, "items": [other.pk]},
    )
    [entry] = desk_issue.entries.all()
    assert [i.pk for i in entry.items.all()] == [one.pk] and not entry.combined


def test_the_pick_list_is_the_desks_only(world, desk_issue, login):
    assert login(world.a_officer).get(f"/bulletins/{desk_issue.pk}/pick/").status_code == 404
    assert login(world.county_leader).get(f"/bulletins/{desk_issue.pk}/pick/").status_code == 404
    Issue.objects.filter(pk=desk_issue.pk).update(state=10)
    response = login(world.county_editor).get(f"/bulletins/{desk_issue.pk}/pick/")
    assert response.status_code == 302
