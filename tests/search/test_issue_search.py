"""Search over publications' issues: articles are found by their edited text and the
editor's note, follow edits and release, and only by those who may open the issue."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from govdesk.bulletins import services as issues
from govdesk.items import services as item_services
from govdesk.publications.models import AdoptionKind
from govdesk.search.models import IssueDoc
from govdesk.search.selectors import search_issues


@pytest.fixture
def issue(world):
    """An issue of 《快讯》 in the making, holding one adopted item about flood control,
    to be sent to the county leader and copied to town_a once released."""
    item = world.submitted(title="城关镇防汛物资到位", body="6月3日，城关镇储备编织袋2000条。")
    item_services.item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.kuaixun,
        column=world.kuaixun_work,
        kind=AdoptionKind.BRIEF,
    )
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    issues.entry_add(
        actor=world.county_editor,
        issue_id=issue.pk,
        item_ids=[item.pk],
        editor_note="汛期将至，各地要抓紧储备抢险物资。",
    )
    issues.issue_set_recipients(
        actor=world.county_editor,
        issue_id=issue.pk,
        send_users=[world.county_leader],
        copy_units=[world.town_a],
    )
    return issue


def release(world, issue):
    issues.issue_sign(actor=world.county_chief, issue_id=issue.pk)
    issues.issue_release(actor=world.county_chief, issue_id=issue.pk)


def found(viewer, q, **filters):
    return [hit.entry.issue_id for hit in search_issues(viewer=viewer, q=q, filters=filters).hits]


def test_articles_are_found_by_text_and_editors_note(world, issue):
    assert found(world.county_editor, "编织袋") == [issue.pk]
    results = search_issues(viewer=world.county_editor, q="抢险物资", filters={})
    assert [hit.entry.issue_id for hit in results.hits] == [issue.pk]
    assert "<mark>抢险</mark>" in results.hits[0].snippet  # shown from the note


def test_index_follows_article_edits_and_removal(world, issue):
    entry = issue.entries.get()
    issues.entry_update(
        actor=world.county_editor,
        entry_id=entry.pk,
        title="城关镇秸秆禁烧见实效",
        body="城关镇组织巡查秸秆禁烧。",
        editor_note="",
    )
    assert found(world.county_editor, "编织袋") == []
    assert found(world.county_editor, "秸秆") == [issue.pk]
    issues.entry_remove(actor=world.county_editor, entry_id=entry.pk)
    assert not IssueDoc.objects.exists()
    assert found(world.county_editor, "秸秆") == []


def test_rebuild_command_restores_issue_articles(world, issue):
    IssueDoc.objects.all().delete()
    assert found(world.county_editor, "编织袋") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert found(world.county_editor, "编织袋") == [issue.pk]


def test_release_makes_the_issue_searchable_for_its_readers(world, issue):
    readers = [world.county_leader, world.a_officer]  # sent to, and copied to town_a
    assert [found(user, "编织袋") for user in readers] == [[], []]
    issues.issue_sign(actor=world.county_chief, issue_id=issue.pk)
    assert found(world.county_leader, "编织袋") == []  # signed is not yet released
    issues.issue_release(actor=world.county_chief, issue_id=issue.pk)
    assert [found(user, "编织袋") for user in readers] == [[issue.pk], [issue.pk]]
    assert found(world.b_officer, "编织袋") == []
    assert found(world.outsider, "编织袋") == []


def test_released_issue_is_found_by_its_publication_and_number(world, issue):
    release(world, issue)
    issue.refresh_from_db()
    assert found(world.county_leader, f"快讯 第{issue.number}期") == [issue.pk]
    assert found(world.county_leader, "编织袋", publication=world.kuaixun) == [issue.pk]
    assert found(world.county_leader, "编织袋", publication=world.zhuanbao) == []


def test_voided_issue_is_hidden_from_leaders(world, issue):
    release(world, issue)
    issues.issue_void(actor=world.county_chief, issue_id=issue.pk, reason="数据有误")
    assert found(world.county_leader, "编织袋") == []
    assert found(world.county_editor, "编织袋") == [issue.pk]


def test_search_page_lists_issue_articles(world, issue, login):
    release(world, issue)
    client = login(world.county_leader)
    response = client.get(reverse("search:search"), {"q": "编织袋", "scope": "issues"})
    html = response.content.decode()
    assert "共找到 1 条刊物文章" in html
    assert reverse("bulletins:detail", args=[issue.pk]) in html
    assert "<mark>编织袋</mark>" in html
