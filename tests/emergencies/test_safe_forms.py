"""Emergency forms start safe: level and type are chosen, never preselected; the call
time is now; the writer and phone come from the profile; the first written report
after a phone pre-report is headed 首报."""

import re
from datetime import timedelta

from django.urls import reverse

from govdesk.emergencies import services
from govdesk.emergencies.models import Event
from govdesk.lib import clock
from tests.emergencies.conftest import NIGHT, facts


def _selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def _first_option(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r"<option[^>]*>([^<]*)</option>", select).group(1)


def test_the_report_form_has_no_default_level_or_type_and_the_writers_profile(login, world):
    world.a_officer.phone = "13812345678"
    world.a_officer.save()
    html = login(world.a_officer).get(reverse("emergencies:new")).content.decode()
    for name in ("category", "severity"):
        assert _first_option(html, name) == "请选择"
        assert _selected(html, name) in ([], [""])
    assert "---------" not in html
    assert 'name="writer" value="张晓梅"' in html
    assert 'name="contact_phone" value="13812345678"' in html


def test_a_report_without_level_and_type_is_refused_in_words_and_keeps_the_text(login, world):
    client = login(world.a_officer)
    response = client.post(
        reverse("emergencies:new"),
        {
            "title": "东河村山洪冲毁道路",
            "body": "东河村突降暴雨引发山洪，冲毁村道300米。",
            "occurred_at": "2026-07-10T01:00",
            "learned_at": "2026-07-10T01:10",
            "place": "东河村",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Event.objects.exists()
    assert "请选择事件类别。" in html and "请选择事件级别。" in html
    assert "东河村突降暴雨引发山洪，冲毁村道300米。" in html


def test_the_phone_form_starts_at_now_with_nothing_preselected(login, world):
    with clock.frozen_at(NIGHT + timedelta(seconds=42)):
        html = login(world.county_duty).get(reverse("emergencies:phone")).content.decode()
    assert 'name="called_at" value="2026-07-10T02:00"' in html
    for name in ("category", "severity", "unit"):
        assert _first_option(html, name) == "请选择"
        assert _selected(html, name) in ([], [""])
    assert "---------" not in html


def _phoned(world) -> Event:
    with clock.frozen_at(NIGHT):
        return services.event_open_by_phone(
            actor=world.county_duty,
            unit=world.town_a,
            title="东河村山洪",
            caller="张晓梅",
            called_at=NIGHT,
            summary="东河村突发山洪，冲毁村道。",
            facts=facts(NIGHT - timedelta(minutes=30)),
        )


def test_the_first_written_report_after_a_phone_call_is_headed_first_report(login, world):
    event = _phoned(world)
    assert services.next_report_label(event) == "首报"
    client = login(world.a_officer)
    url = reverse("emergencies:new") + f"?event={event.pk}"
    html = client.get(url).content.decode()
    assert "<h1>首报：东河村山洪</h1>" in html and "续报" not in html.split("<h1>")[1][:20]
    assert "本次为书面首报" in html
    with clock.frozen_at(NIGHT + timedelta(minutes=40)):
        report = services.report_file(
            actor=world.a_officer,
            unit=world.town_a,
            title="东河村山洪冲毁道路",
            body="东河村突降暴雨引发山洪，冲毁村道300米。",
            facts=facts(NIGHT - timedelta(minutes=30)),
            event_id=event.pk,
        )
    assert report.label == "首报" and report.sequence == 0
    assert services.next_report_label(event) == "续报1"
    html = client.get(url).content.decode()
    assert "<h1>续报1：东河村山洪</h1>" in html
