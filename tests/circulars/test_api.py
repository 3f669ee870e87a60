"""Notices through the API: the issued notice and its frozen files, for whom the
pages show them; issuing and withdrawing through the same services."""

import pytest
from django.urls import reverse

from govdesk.circulars import services
from govdesk.circulars.models import Kind, State
from govdesk.lib import clock
from tests.circulars.test_issue import APRIL_1, FIRST, _issue

pytestmark = pytest.mark.django_db


def test_an_assessed_unit_reads_the_issued_notice_and_downloads_its_files(world, scored, login):
    issued = _issue(world)
    officer = login(world.a_officer)
    listed = officer.get("/api/circulars").json()
    assert [(c["id"], c["state"], c["doc_number"]) for c in listed["items"]] == [
        (issued.pk, "issued", FIRST)
    ]
    detail = officer.get(f"/api/circulars/{issued.pk}").json()
    assert detail["kind_label"] == "月度信息通报" and detail["documents"] == ["docx", "xlsx"]
    rows = {row["unit"]: row["score"] for row in detail["content"]["rows"]}
    assert rows["城关镇"] == "12"
    page = login(world.county_editor)
    for fmt in ("docx", "xlsx"):
        api = officer.get(f"/api/circulars/{issued.pk}/documents/{fmt}")
        assert api.status_code == 200
        assert api.content == bytes(getattr(issued, fmt))
        web = page.get(reverse("circulars:download", args=[issued.pk, fmt]))
        assert api.content == web.content and api["Content-Type"] == web["Content-Type"]


@pytest.fixture
def draft(world, scored):
    """March's scoring notice, prepared by the desk on 1 April."""
    with clock.frozen_at(APRIL_1):
        return services.circular_prepare(
            actor=world.county_editor,
            office=world.county,
            kind=Kind.SCORING_MONTH,
            year=2026,
            number=3,
        )


def test_drafts_are_for_those_who_issue(world, draft, login):
    assert login(world.a_officer).get(f"/api/circulars/{draft.pk}").status_code == 404
    assert login(world.a_officer).get(f"/api/circulars/{draft.pk}").json() == {
        "detail": "通报不存在，或您无权查看。"
    }
    editor = login(world.county_editor)
    assert editor.get(f"/api/circulars/{draft.pk}").json()["content"] == {}
    files = editor.get(f"/api/circulars/{draft.pk}/documents/docx")
    assert files.status_code == 404
    assert files.json() == {"detail": "通报尚未签发，没有可下载的文件。"}
    assert login(world.outsider).get("/api/circulars").json()["count"] == 0


def test_issue_and_withdraw_through_the_api(world, draft, login):
    with clock.frozen_at(APRIL_1):
        chief = login(world.county_chief)
        issued = chief.post(
            f"/api/circulars/{draft.pk}/issue",
            {"doc_number": FIRST},
            content_type="application/json",
        )
    assert issued.status_code == 200, issued.content
    assert issued.json()["state"] == State.ISSUED
    refused = chief.post(
        f"/api/circulars/{draft.pk}/withdraw", {"reason": ""}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == "请填写撤回原因。"
    officer = login(world.a_officer).post(
        f"/api/circulars/{draft.pk}/withdraw", {"reason": "有误"}, content_type="application/json"
    )
    assert officer.status_code == 403
    done = login(world.county_chief).post(
        f"/api/circulars/{draft.pk}/withdraw",
        {"reason": "数据有误"},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert done.json()["state"] == State.WITHDRAWN and done.json()["withdraw_reason"] == "数据有误"
