"""Text typed on the issue pages is bounded like its column and kept when refused: a
void reason past 200 characters (before, cut short without a word) and an article's
title past 200 (before, the page showed the stored text again, the typed one lost)."""

import pytest
from django.urls import reverse

from govdesk.audit.models import Change
from govdesk.bulletins import services as issues
from govdesk.bulletins.models import IssueState

pytestmark = pytest.mark.django_db


def test_a_void_reason_past_200_characters_is_refused_and_kept(world, released, login):
    issue = released()
    typed = "误收未核实信息" * 28 + "，特此作废"  # 196 + 5 = 201 characters
    assert len(typed) == 201
    url = reverse("bulletins:void", args=[issue.pk])
    response = login(world.county_chief).post(url, {"reason": typed, "request_key": "k1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "作废原因不能超过 200 个字符（现有 201 个），请删减后重试。" in page
    assert 'maxlength="200"' in page and f">{typed}</textarea>" in page
    issue.refresh_from_db()
    assert issue.state == IssueState.RELEASED and issue.void_reason == ""
    assert not Change.objects.filter(action="issue.voided").exists()
    login(world.county_chief).post(url, {"reason": typed[:200], "request_key": "k1"})
    issue.refresh_from_db()
    assert issue.state == IssueState.VOIDED and issue.void_reason == typed[:200]


def test_an_article_edit_refused_shows_the_text_as_typed(world, adopted, login):
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    entry = issues.entry_add(actor=world.county_editor, issue_id=issue.pk, item_ids=[adopted().pk])
    title = "城关镇" * 67  # 201 characters
    body = "改写后的正文：6月3日，城关镇召开防汛工作部署会。"
    response = login(world.county_editor).post(
        reverse("bulletins:entry_edit", args=[entry.pk]),
        {"title": title, "body": body, "editor_note": "编者按", "request_key": "k1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "标题不能超过 200 个字符（现有 201 个），请删减后重试。" in page
    assert f'value="{title}"' in page and f">{body}</textarea>" in page
    entry.refresh_from_db()
    assert entry.title != title and entry.body != body


def test_a_refused_combined_article_shows_the_issue_page_with_the_text_kept(world, adopted, login):
    """Before, the refusal redirected to the issue page and the typed 合编稿 was lost."""
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    first, second = adopted(title="城关镇部署防汛"), adopted(title="河口乡部署防汛")
    body = "各乡镇部署防汛工作：城关镇落实责任人36名，河口乡排查隐患点8处。"
    response = login(world.county_editor).post(
        reverse("bulletins:entry_add", args=[issue.pk]),
        {
            "items": [first.pk, second.pk],
            "title": "",
            "body": body,
            "editor_note": "编者按：汛期将至",
            "request_key": "k1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "综合信息须填写标题和正文。" in page
    assert f">{body}</textarea>" in page and ">编者按：汛期将至</textarea>" in page
    assert '<details class="combine" open>' in page
    for item in (first, second):
        assert f'value="{item.pk}" id="pick-{item.pk}" checked' in page
    assert not issue.entries.exists()


def test_a_new_issue_title_past_100_characters_is_refused_and_kept(world, login):
    """Before, the title was cut to 100 characters without a word."""
    title = "防汛专刊" * 25 + "。"  # 101 characters
    response = login(world.county_editor).post(
        reverse("bulletins:new"),
        {"publication": world.kuaixun.pk, "supplement": "1", "title": title, "request_key": "k1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "本期标题不能超过 100 个字符（现有 101 个），请删减后重试。" in page
    assert f'value="{title}"' in page and 'name="supplement" value="1" checked' in page
    assert not world.kuaixun.issues.exists()
    login(world.county_editor).post(
        reverse("bulletins:new"),
        {"publication": world.kuaixun.pk, "title": title[:100], "request_key": "k1"},
    )
    assert world.kuaixun.issues.get().title == title[:100]
