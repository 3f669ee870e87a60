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
