"""A reason or note typed on an award page is bounded like its column: one character
too many is refused with a Chinese message on the page shown again, the text as typed
in it, and nothing stored or logged (before, PostgreSQL refused it with a 422 page and
the text was gone)."""

import pytest

from govdesk.audit.models import Change
from govdesk.awards.models import Attestation, Award, Confirmation, CriterionKind, Override
from govdesk.awards.services import evaluation_confirm

pytestmark = pytest.mark.django_db


def _candidate(scheme, world, code="advanced_unit"):
    award = Award.objects.get(scheme=scheme, code=code)
    return award, f"/awards/{scheme.pk}/awards/{award.pk}/units/{world.town_b.pk}/"


def test_an_override_reason_past_300_characters_is_refused_and_kept(world, ready, login):
    _, url = _candidate(ready, world)
    typed = "经主编会议研究" + "同意" * 147  # 301 characters
    assert len(typed) == 301
    response = login(world.county_chief).post(
        f"{url}override/", {"granted": "1", "reason": typed, "request_key": "k1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "调整理由不能超过 300 个字符（现有 301 个），请删减后重试。" in page
    assert f'value="{typed}"' in page
    assert not Override.objects.exists()
    assert not Change.objects.filter(action="award.overridden").exists()
    # At the limit it is taken, and the next post with the same key is acted on.
    response = login(world.county_chief).post(
        f"{url}override/", {"granted": "1", "reason": typed[:300], "request_key": "k1"}
    )
    assert response.status_code == 302
    assert Override.objects.get().reason == typed[:300]


def test_an_attestation_note_past_300_characters_is_refused_and_kept(
    world, year, county_awards, login
):
    award, url = _candidate(county_awards, world)
    criterion = award.criteria.get(kind=CriterionKind.ATTESTED)
    typed = "已查阅" * 101  # 303 characters
    response = login(world.county_editor).post(
        f"{url}attest/", {"criterion": criterion.pk, "met": "1", "note": typed}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "核实说明不能超过 300 个字符（现有 303 个），请删减后重试。" in page
    assert f'value="{typed}"' in page
    assert not Attestation.objects.filter(unit=world.town_b).exists()
    assert not Change.objects.filter(action="award.attested").exists()


def test_a_reopen_reason_past_300_characters_is_refused_and_kept(world, ready, login):
    evaluation_confirm(actor=world.county_chief, scheme=ready)
    typed = "发现漏计" * 76  # 304 characters
    response = login(world.county_chief).post(
        f"/awards/{ready.pk}/decide/", {"action": "reopen", "reason": typed}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "撤销确认理由不能超过 300 个字符（现有 304 个），请删减后重试。" in page
    assert f'value="{typed}"' in page
    assert Confirmation.objects.filter(scheme=ready).exists()
    assert not Change.objects.filter(action="awards.reopened").exists()
    response = login(world.county_chief).post(
        f"/awards/{ready.pk}/decide/", {"action": "reopen", "reason": "发现漏计"}
    )
    assert response.status_code == 302
    assert not Confirmation.objects.filter(scheme=ready).exists()
