"""A penalty's withdrawal reason (kept in the change log) is bounded like the list's
field (200 characters): one too many is refused with a Chinese message on the list
shown again, the row's withdrawal open with the text as typed."""

from datetime import date

from django.urls import reverse

from govdesk.audit.models import Change
from govdesk.scoring.models import PenaltyKind
from govdesk.scoring.services import penalty_record, scheme_install_preset


def test_a_withdrawal_reason_past_200_characters_is_refused_and_kept(login, world):
    scheme_install_preset(actor=None, office=world.county, year=2026, preset="county")
    penalty = penalty_record(
        actor=world.county_editor,
        unit=world.town_b,
        kind=PenaltyKind.MISSED,
        occurred_on=date(2026, 7, 10),
        learned_from="media",
        description="河口乡山体滑坡未报。",
    )
    typed = "经核实已按时报送" * 25 + "。"  # 201 characters
    url = reverse("emergencies:penalties")
    response = login(world.county_editor).post(
        url, {"penalty": penalty.pk, "reason": typed, "request_key": "k1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "撤销理由不能超过 200 个字符（现有 201 个），请删减后重试。" in page
    assert f'value="{typed}"' in page
    assert '<details class="penalty-withdraw" open>' in page
    penalty.refresh_from_db()
    assert not penalty.withdrawn
    assert not Change.objects.filter(action="penalty.withdrawn").exists()
