"""Who may see and issue notices: the office's desk issues scoring notices; once issued
they reach whoever reads the office's scores, the office's leaders and the units it
assesses (a notice is sent to them); drafts stay with the desk; another office's
editor gets a 404, someone who may read but not issue a 403."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.circulars import services
from govdesk.circulars.models import Circular, Kind, State
from govdesk.lib import clock
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
APRIL_1 = datetime(2026, 4, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
KEY = "3b4e28ba-2fa1-11d2-883f-0016d3cca42{}"


@pytest.fixture
def draft(world, scored):
    with clock.frozen_at(APRIL_1):
        return services.circular_prepare(
            actor=None, office=world.county, kind=Kind.SCORING_MONTH, year=2026, number=3
        )


@pytest.fixture
def issued(world, draft):
    with clock.frozen_at(APRIL_1):
        return services.circular_issue(
            actor=world.county_editor, circular_id=draft.pk, doc_number=draft.doc_number
        )


def _live_issue(client, scheme, n=0):
    return client.post(
        reverse("circulars:issue_live", args=[scheme.pk]),
        {"request_key": KEY.format(n), "period_kind": "month", "period_number": "3",
         "doc_number": "县府办信息通〔2026〕3号"},
    )  # fmt: skip


def test_a_unit_officer_cannot_issue_nor_see_a_draft(world, scored, draft, login):
    client = login(world.a_officer)
    assert _live_issue(client, scored).status_code == 403  # reads issued notices only
    assert client.post(
        reverse("circulars:issue", args=[draft.pk]),
        {"request_key": KEY.format(1), "doc_number": "x"},
    ).status_code == 404  # fmt: skip
    assert client.get(reverse("circulars:detail", args=[draft.pk])).status_code == 404
    assert Circular.objects.get(pk=draft.pk).state == State.DRAFT


def test_units_read_the_issued_notice_but_not_drafts(world, draft, login):
    client = login(world.a_officer)
    assert client.get(reverse("circulars:detail", args=[draft.pk])).status_code == 404
    with clock.frozen_at(APRIL_1):
        services.circular_issue(
            actor=world.county_editor, circular_id=draft.pk, doc_number=draft.doc_number
        )
    assert client.get(reverse("circulars:detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("circulars:download", args=[draft.pk, "docx"])).status_code == 200
    assert client.get(reverse("circulars:index")).status_code == 302  # straight to the county
    listed = client.get(reverse("circulars:office", args=[world.county.pk]))
    assert [c.pk for c in listed.context["circulars"]] == [draft.pk]
    response = client.post(
        reverse("circulars:withdraw", args=[draft.pk]),
        {"request_key": KEY.format(5), "reason": "误发"},
    )
    assert response.status_code == 403
    leader = login(world.county_leader)
    assert leader.get(reverse("circulars:detail", args=[draft.pk])).status_code == 200


def test_another_office_gets_404(world, issued, login):
    client = login(world.city_editor)
    assert client.get(reverse("circulars:detail", args=[issued.pk])).status_code == 404
    assert client.get(reverse("circulars:download", args=[issued.pk, "docx"])).status_code == 404
    assert client.get(reverse("circulars:office", args=[world.county.pk])).status_code == 404
    response = client.post(
        reverse("circulars:withdraw", args=[issued.pk]),
        {"request_key": KEY.format(2), "reason": "误发"},
    )
    assert response.status_code == 404


def test_an_administrator_reads_issued_notices_but_may_not_issue(world, scored, issued, login):
    client = login(world.county_admin)
    assert client.get(reverse("circulars:detail", args=[issued.pk])).status_code == 200
    assert _live_issue(client, scored, 3).status_code == 403
    response = client.post(
        reverse("circulars:withdraw", args=[issued.pk]),
        {"request_key": KEY.format(4), "reason": "误发"},
    )
    assert response.status_code == 403
    assert Circular.objects.get(pk=issued.pk).state == State.ISSUED


def test_drafts_are_listed_only_for_those_who_issue(world, draft, login):
    editor = login(world.county_editor).get(reverse("circulars:office", args=[world.county.pk]))
    assert "关于2026年3月政务信息报送采用情况的通报" in editor.content.decode()
    admin = login(world.county_admin).get(reverse("circulars:office", args=[world.county.pk]))
    assert admin.status_code == 200
    assert "关于2026年3月政务信息报送采用情况的通报" not in admin.content.decode()
    assert login(world.county_admin).get(
        reverse("circulars:detail", args=[draft.pk])
    ).status_code == 404  # fmt: skip


def test_the_live_page_offers_issuing_to_the_desk_only(world, scored, login):
    url = f"/scoring/{scored.pk}/notice/?month=3"
    assert "签发本期通报" in login(world.county_chief).get(url).content.decode()
    assert "签发本期通报" not in login(world.county_admin).get(url).content.decode()
    # A half-year or a date range is no notice kind: nothing to issue.
    assert "签发本期通报" not in login(world.county_chief).get(url[:-7] + "half=1").content.decode()


def test_the_desk_sees_a_draft_with_its_live_content_and_the_issue_form(world, draft, login):
    page = login(world.county_editor).get(reverse("circulars:detail", args=[draft.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "签发通报" in text and f'value="{draft.doc_number}"' in text
    assert "《专报信息》城关镇专题" in text  # the March adoptions, read live
    response = login(world.county_editor).get(
        reverse("circulars:download", args=[draft.pk, "docx"])
    )
    assert response.status_code == 404  # a draft has no frozen files


def test_withdrawing_asks_first_naming_what_happens_then_needs_a_reason(world, issued, login):
    client = login(world.county_chief)
    url = reverse("circulars:withdraw", args=[issued.pk])
    page = client.get(reverse("circulars:detail", args=[issued.pk])).content.decode()
    assert 'data-dialog="dlg-withdraw"' in page and '<dialog id="dlg-withdraw"' in page
    asked = client.post(url, {"request_key": KEY.format(6), "reason": "误发"}).content.decode()
    number = issued.doc_number
    assert f"文号 {number} 保留、不再另用；本期间可以另行签发新的通报。" in asked
    assert "撤回不能恢复，撤回原因记入变更记录。" in asked and ">误发</textarea>" in asked
    assert "同时撤稿" not in asked  # no article of it on the site
    assert Circular.objects.get(pk=issued.pk).state == State.ISSUED
    refused = client.post(url, {"request_key": KEY.format(7), "confirmed": "1", "reason": " "})
    assert refused.status_code == 400 and "请填写撤回原因。" in refused.content.decode()
    client.post(url, {"request_key": KEY.format(8), "confirmed": "1", "reason": "误发"})
    assert Circular.objects.get(pk=issued.pk).state == State.WITHDRAWN


def test_the_people_of_an_assessed_office_read_its_superior_offices_notices(world, login):
    """The city assesses the county office (the city scheme's counties A/B, DOMAIN.md
    §7): the county office's people read the city's issued notices as a township's read
    the county's. Its 三员 read none, and a township (assessed by the county) none."""

    def reads(user, state=State.ISSUED):
        notice = Circular(office=world.city, kind=Kind.SCORING_MONTH, state=state)
        return policy.can(user, "circular.view", notice)

    assert reads(world.county_editor) and reads(world.county_leader)
    assert not reads(world.county_editor, State.DRAFT)  # a draft stays with the city's desk
    assert not reads(world.a_officer)
    auditor = make_user("county_auditor", "审计员", [(world.county, Role.AUDITOR)])
    assert not reads(auditor)
    editor = login(world.county_editor)
    assert world.city.name in editor.get(reverse("circulars:index")).content.decode()
    # None issued yet: a reader is told so, the issuing desk how drafts come about.
    city = editor.get(reverse("circulars:office", args=[world.city.pk])).content.decode()
    assert "暂无已印发的通报" in city and "草稿" not in city
    own = editor.get(reverse("circulars:office", args=[world.county.pk])).content.decode()
    assert "自动生成上月通报草稿" in own


def test_a_township_reads_the_notice_with_only_its_own_ledger_linked(world, issued, login):
    """Each row of the table links to that unit's ledger, which only the office's readers
    of scores and the unit's own people may open: a township's officer finds its own
    name linked and the others as plain text (no link to a 404)."""
    url = reverse("circulars:detail", args=[issued.pk])
    ledger = f'href="/scoring/{issued.scheme_id}/units/'
    officer = login(world.a_officer).get(url).content.decode()
    assert f"{ledger}{world.town_a.pk}/" in officer
    assert f"{ledger}{world.town_b.pk}/" not in officer and "<td>河口乡</td>" in officer
    editor = login(world.county_editor).get(url).content.decode()
    assert f"{ledger}{world.town_a.pk}/" in editor and f"{ledger}{world.town_b.pk}/" in editor
