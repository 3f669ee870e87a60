"""The awards' writes through the API: an editor attests (``awards.attest``), the
chief editor overrides, installs the seed rules, confirms and reopens
(``awards.decide``), each through ``awards.services`` and into the change log."""

import pytest

from govdesk.audit.models import Change
from govdesk.awards.models import Award, Criterion, CriterionKind

pytestmark = pytest.mark.django_db
JSON = "application/json"
CONFIRMED = "本年度评先名单已确认；如需调整，请主编先撤销确认。"


def post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def attested(scheme, code="advanced_unit"):
    return Criterion.objects.get(
        award__scheme=scheme, award__code=code, kind=CriterionKind.ATTESTED
    )


def test_an_editor_attests_a_condition(world, ready, login):
    url = f"/api/awards/schemes/{ready.pk}/attestations"
    body = {
        "criterion_id": attested(ready).pk,
        "unit_id": world.town_b.pk,
        "met": False,
        "note": "查阅了人员任命文件，未配备专职信息员",
    }
    response = post(login(world.county_editor), url, body)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["unit"]["name"], answer["met"], answer["attested_by"]) == (
        "河口乡人民政府",
        False,
        "陈静",
    )
    change = Change.objects.filter(action="award.attested").latest("id")
    assert (change.actor, change.details["after"]) == (
        world.county_editor,
        {"met": False, "note": "查阅了人员任命文件，未配备专职信息员"},
    )


def test_attesting_is_refused_to_others_and_checked_in_chinese(world, ready, login):
    url = f"/api/awards/schemes/{ready.pk}/attestations"
    body = {"criterion_id": attested(ready).pk, "unit_id": world.town_b.pk, "met": True}
    before = Change.objects.filter(action="award.attested").count()
    admin = post(login(world.county_admin), url, {**body, "note": "已核实"})
    assert admin.status_code == 403
    assert admin.json() == {"detail": "只有本办公室的编辑可以核实评选条件。"}
    leader = post(login(world.county_leader), url, {**body, "note": "已核实"})
    assert leader.status_code == 404
    assert leader.json() == {"detail": "考核方案不存在，或您无权查看其评选。"}
    editor = login(world.county_editor)
    blank = post(editor, url, {**body, "note": "  "})
    assert blank.status_code == 422
    assert blank.json() == {
        "detail": "请填写核实说明（如何核实、依据什么材料）。",
        "errors": {"note": ["请填写核实说明（如何核实、依据什么材料）。"]},
    }
    stranger = post(editor, url, {**body, "unit_id": world.city_dept.pk, "note": "已核实"})
    assert stranger.status_code == 422
    assert stranger.json()["errors"] == {
        "unit_id": [f"单位不存在，或不是本方案的考核单位：{world.city_dept.pk}。"]
    }
    assert Change.objects.filter(action="award.attested").count() == before


def test_the_chief_overrides_with_a_reason(world, ready, login):
    award = Award.objects.get(scheme=ready, code="advanced_unit")
    url = f"/api/awards/schemes/{ready.pk}/overrides"
    body = {"award_id": award.pk, "unit_id": world.town_b.pk, "granted": True}
    editor = post(login(world.county_editor), url, {**body, "reason": "抗洪救灾中信息报送突出"})
    assert editor.status_code == 403
    assert editor.json() == {"detail": "只有主编可以调整评先名单。"}
    chief = login(world.county_chief)
    blank = post(chief, url, {**body, "reason": ""})
    assert blank.status_code == 422
    assert blank.json()["errors"] == {"reason": ["请填写调整理由。"]}
    granted = post(chief, url, {**body, "reason": "抗洪救灾中信息报送突出"})
    assert granted.status_code == 200, granted.content
    assert (granted.json()["granted"], granted.json()["decided_by"]) == (True, "刘伟")
    change = Change.objects.get(action="award.overridden")
    assert change.actor == world.county_chief
    assert change.summary == "授予河口乡人民政府全县政务信息工作先进集体：抗洪救灾中信息报送突出"
    evaluation = chief.get(f"/api/awards/schemes/{ready.pk}/evaluation").json()
    unit_award = next(a for a in evaluation["awards"] if a["id"] == award.pk)
    town_b = next(c for c in unit_award["candidates"] if c["unit"]["id"] == world.town_b.pk)
    assert (town_b["granted"], town_b["override_reason"]) == (True, "抗洪救灾中信息报送突出")


def test_the_chief_confirms_and_reopens_the_list(world, ready, login):
    confirm = f"/api/awards/schemes/{ready.pk}/confirm"
    refused = post(login(world.county_editor), confirm)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "只有主编可以确认评先名单。"}
    chief = login(world.county_chief)
    confirmed = post(chief, confirm)
    assert confirmed.status_code == 200, confirmed.content
    assert [(w["award"], w["unit"]["name"]) for w in confirmed.json()["winners"]] == [
        ("全县政务信息工作先进集体", "城关镇人民政府"),
        ("全县政务信息工作先进个人", "城关镇人民政府"),
    ]
    assert Change.objects.get(action="awards.confirmed").actor == world.county_chief
    # A confirmed list takes no more attestations until it is reopened: the list's state
    # refuses, not the input, so 409 with the page's message.
    late = post(
        login(world.county_editor),
        f"/api/awards/schemes/{ready.pk}/attestations",
        {"criterion_id": attested(ready).pk, "unit_id": world.town_b.pk, "met": True, "note": "补"},
    )
    assert (late.status_code, late.json()) == (409, {"detail": CONFIRMED})
    chief = login(world.county_chief)
    reopen = f"/api/awards/schemes/{ready.pk}/reopen"
    assert post(chief, reopen, {"reason": " "}).json()["errors"] == {
        "reason": ["请填写撤销确认的理由。"]
    }
    reopened = post(chief, reopen, {"reason": "名单有误，重新核实"})
    assert reopened.status_code == 200
    assert reopened.json()["confirmed"] is False
    assert Change.objects.get(action="awards.reopened").details["reason"] == "名单有误，重新核实"


def test_the_chief_installs_the_seed_rules_once(world, county_scheme, login):
    url = f"/api/awards/schemes/{county_scheme.pk}/preset"
    assert post(login(world.county_editor), url, {"preset": "county"}).status_code == 403
    chief = login(world.county_chief)
    unknown = post(chief, url, {"preset": "province"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"]["preset"][0].startswith("取值无效，可选值：")
    installed = post(chief, url, {"preset": "county"})
    assert installed.status_code == 201, installed.content
    assert "全县政务信息工作先进集体" in [a["name"] for a in installed.json()]
    assert Change.objects.get(action="awards.installed").actor == world.county_chief
    again = post(chief, url, {"preset": "county"})
    assert (again.status_code, again.json()) == (
        409,
        {"detail": f"{county_scheme}已有评先奖项，不能重复安装预设。"},
    )


def test_a_confirmed_list_refuses_changes_with_409_and_bad_input_still_422(world, ready, login):
    """Each write the confirmed list refuses answers 409 with the message the page shows;
    nothing is written. Input that is wrong whatever the state stays 422."""
    chief = login(world.county_chief)
    assert post(chief, f"/api/awards/schemes/{ready.pk}/confirm").status_code == 200
    award = Award.objects.get(scheme=ready, code="advanced_unit")
    scheme = f"/api/awards/schemes/{ready.pk}"
    subject = {"unit_id": world.town_b.pk}
    awards_changes = Change.objects.filter(action__startswith="award")
    before = awards_changes.count()
    refused = {
        "override": post(
            chief, f"{scheme}/overrides", {**subject, "award_id": award.pk, "granted": True,
                                           "reason": "抗洪救灾中信息报送突出"},
        ),
        "preset": post(chief, f"{scheme}/preset", {"preset": "county"}),
        "confirm": post(chief, f"{scheme}/confirm"),
        "attest": post(
            login(world.county_editor), f"{scheme}/attestations",
            {**subject, "criterion_id": attested(ready).pk, "met": True, "note": "已核实"},
        ),
    }  # fmt: skip
    assert {name: (r.status_code, r.json()) for name, r in refused.items()} == {
        "override": (409, {"detail": CONFIRMED}),
        "preset": (409, {"detail": f"{ready}已有评先奖项，不能重复安装预设。"}),
        "confirm": (409, {"detail": CONFIRMED}),
        "attest": (409, {"detail": CONFIRMED}),
    }
    assert awards_changes.count() == before
    chief = login(world.county_chief)  # the test client was the editor's for the last one
    unknown = post(chief, f"{scheme}/overrides", {**subject, "award_id": 0, "granted": True,
                                                  "reason": "理由"})  # fmt: skip
    assert (unknown.status_code, unknown.json()["errors"]) == (
        422,
        {"award_id": ["本方案没有该奖项：0。"]},
    )
    reopened = post(chief, f"{scheme}/reopen", {"reason": "名单有误，重新核实"})
    assert reopened.status_code == 200
    not_confirmed = post(chief, f"{scheme}/reopen", {"reason": "再次撤销"})
    assert (not_confirmed.status_code, not_confirmed.json()) == (
        409,
        {"detail": "本年度评先名单尚未确认。"},
    )
