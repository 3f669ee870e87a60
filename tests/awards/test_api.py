"""Awards through the API: the evaluation as the page shows it, and the confirmed list."""

import pytest

from govdesk.awards.services import evaluation_confirm

pytestmark = pytest.mark.django_db


def test_the_evaluation_and_the_confirmed_list(world, ready, login):
    editor = login(world.county_editor)
    schemes = editor.get("/api/awards/schemes").json()
    assert [(s["id"], s["confirmed"]) for s in schemes] == [(ready.pk, False)]
    missing = editor.get(f"/api/awards/schemes/{ready.pk}/winners")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "该方案的评选结果尚未确认。"}
    evaluation = editor.get(f"/api/awards/schemes/{ready.pk}/evaluation").json()
    assert evaluation["scheme"]["name"] == "2026年政务信息工作目标考核方案"
    unit_award = next(a for a in evaluation["awards"] if a["name"] == "全县政务信息工作先进集体")
    town_a = next(c for c in unit_award["candidates"] if c["unit"]["id"] == world.town_a.pk)
    assert (town_a["verdict"], town_a["granted"]) == ("符合", True)
    assert {check["label"] for check in town_a["checks"]} <= {"符合", "经核实符合"}

    evaluation_confirm(actor=world.county_chief, scheme=ready)
    winners = editor.get(f"/api/awards/schemes/{ready.pk}/winners").json()
    assert winners["confirmed_by"] == "刘伟"
    assert [(w["award"], w["unit"]["name"], w["officer"]) for w in winners["winners"]] == [
        ("全县政务信息工作先进集体", "城关镇人民政府", None),
        ("全县政务信息工作先进个人", "城关镇人民政府", "张晓梅"),
    ]


@pytest.mark.parametrize("who", ["a_officer", "county_leader", "county_duty", "outsider"])
def test_who_may_not_read_the_evaluation(world, ready, login, who):
    client = login(world.people[who])
    assert client.get("/api/awards/schemes").json() == []
    response = client.get(f"/api/awards/schemes/{ready.pk}/evaluation")
    assert response.status_code == 404
    assert response.json() == {"detail": "考核方案不存在，或您无权查看其评选。"}
