"""Assessment schemes (考核方案) through the API: issue 3, "an office defines a scheme
per year in the admin and through the API, without code changes".

Prices are the county scheme's (DOMAIN.md §7, 政务信息通报范文2 二(二)2: 《专报信息》
采用专题类信息1条计7分, as in tests/scoring/test_county_scheme.py); the office's
chief editor and administrators configure, its editors read, the units it assesses
see the scheme in force and their own ledger."""

import json

import pytest
from django.test import Client

from govdesk.audit.models import Change
from govdesk.scoring.models import LedgerLine, Rule, Scheme, SchemeStatus
from govdesk.scoring.services import scheme_install_preset
from tests.fixtures.scoring import YEAR, at, total

pytestmark = pytest.mark.django_db

JSON = "application/json"
SPECIAL = "《专报信息》专题类信息"
MANAGE_DENIED = "只有本办主编或管理员可以制定、修改考核方案。"


def post(client, url, data=None, **headers):
    return client.post(url, data if data is not None else {}, content_type=JSON, headers=headers)


def patch(client, url, data):
    return client.patch(url, data, content_type=JSON)


@pytest.fixture
def draft(world, county_scheme):
    """A second county scheme for 2026: a draft, since one is in force."""
    scheme = scheme_install_preset(actor=None, office=world.county, year=YEAR, preset="county")
    assert scheme.status == SchemeStatus.DRAFT
    return scheme


def special_adoption(world, events):
    """城关镇's 专题 item adopted by 《专报信息》 in March: 7 points under the county preset."""
    item = events.submitted(at(3), title="城关镇专题")
    events.adopt(item, world.zhuanbao, kind="special", on=at(3, 12))
    return item


# --- the scenario of issue 3 -------------------------------------------------------------


def test_chief_creates_a_scheme_and_repricing_a_rule_reprices_the_ledger(world, login, events):
    chief = login(world.county_chief)
    body = {"office": world.county.pk, "year": YEAR, "preset": "county", "status": "in_force"}
    created = post(chief, "/api/schemes", body)
    assert created.status_code == 201, created.content
    scheme = created.json()
    assert scheme["status"] == "in_force" and scheme["can_manage"] is True
    assert len(scheme["rules"]) == 31 and scheme["quarter_shares"] == [25, 25, 25, 25]

    special_adoption(world, events)
    assert total(world.town_a) == 7  # 范文2 二(二)2

    rule = next(r for r in scheme["rules"] if r["label"] == SPECIAL)
    assert rule["points"] == 7
    rebuilds = Change.objects.filter(action="scheme.rebuilt").count()
    changed = patch(chief, f"/api/schemes/{scheme['id']}/rules/{rule['id']}", {"points": 8})
    assert changed.status_code == 200, changed.content
    assert changed.json()["points"] == 8
    assert total(world.town_a) == 8
    # One change, one rebuild, both on the record with who and what.
    assert Change.objects.filter(action="scheme.rebuilt").count() == rebuilds + 1
    audit = Change.objects.get(action="scheme.rule_changed")
    assert audit.actor == world.county_chief and audit.target_id == scheme["id"]
    assert audit.details["changes"] == {"points": ["7.0", "8.0"]}
    assert SPECIAL in audit.summary

    lines = chief.get(f"/api/schemes/{scheme['id']}/units/{world.town_a.pk}/lines?month=3")
    assert lines.status_code == 200
    assert [(line["points"], line["rule_label"]) for line in lines.json()["lines"]] == [
        (8, SPECIAL)
    ]
    assert lines.json()["score"] == 8 and lines.json()["period"]["label"] == "2026年3月"


def test_a_blank_draft_scores_nothing_until_put_in_force(world, login, events):
    chief = login(world.county_chief)
    created = post(chief, "/api/schemes", {"office": world.county.pk, "year": YEAR, "name": "试行"})
    assert created.status_code == 201, created.content
    scheme = created.json()
    assert scheme["status"] == "draft" and scheme["rules"] == []
    assert scheme["combination"] == "cumulative"
    url = f"/api/schemes/{scheme['id']}"
    rule = {
        "kind": "adoption",
        "publication": "专报信息",
        "points": 5,
        "label": "《专报信息》采用",
        "source": "试行方案第一条",
    }
    assert post(chief, f"{url}/rules", rule).status_code == 201
    special_adoption(world, events)
    assert not LedgerLine.objects.exists()  # a draft scores nothing

    assert post(chief, f"{url}/status", {"status": "in_force"}).json()["status"] == "in_force"
    assert total(world.town_a) == 5
    back = post(chief, f"{url}/status", {"status": "draft"})
    assert back.json()["status"] == "draft" and not LedgerLine.objects.exists()
    audit = Change.objects.filter(action="scheme.status_changed").order_by("id")
    assert [c.details["changes"] for c in audit] == [
        {"status": ["draft", "in_force"]},
        {"status": ["in_force", "draft"]},
    ]


def test_deleting_a_rule_and_setting_targets_follow_the_ledger(world, login, events, county_scheme):
    special_adoption(world, events)
    chief = login(world.county_chief)
    url = f"/api/schemes/{county_scheme.pk}"
    rule = county_scheme.rules.get(label=SPECIAL)
    assert chief.delete(f"{url}/rules/{rule.pk}").status_code == 204
    assert total(world.town_a) == 0 and not Rule.objects.filter(pk=rule.pk).exists()
    assert Change.objects.get(action="scheme.rule_deleted").details["before"]["points"] == "7.0"

    target = post(chief, f"{url}/targets", {"unit_kind": "township", "points": 40})
    assert target.status_code == 201 and target.json()["label"] == "乡镇/街道：40.0分"
    target_url = f"{url}/targets/{target.json()['id']}"
    assert patch(chief, target_url, {"category": "A"}).json()["category"] == "A"
    assert Change.objects.get(action="scheme.target_changed").details["changes"] == {
        "category": ["", "A"]
    }
    assert chief.delete(target_url).status_code == 204
    assert chief.get(url).json()["targets"] == []


def test_settings_changes_are_audited_with_before_and_after(world, login, county_scheme):
    chief = login(world.county_chief)
    rebuilds = Change.objects.filter(action="scheme.rebuilt").count()
    body = {"quarter_shares": [10, 20, 30, 40], "rank_by_category": True}
    response = patch(chief, f"/api/schemes/{county_scheme.pk}", body)
    assert response.status_code == 200, response.content
    assert response.json()["quarter_shares"] == [10, 20, 30, 40]
    audit = Change.objects.get(action="scheme.changed")
    assert audit.actor == world.county_chief
    assert audit.details["changes"] == {
        "quarter_shares": [[25, 25, 25, 25], [10, 20, 30, 40]],
        "rank_by_category": [False, True],
    }
    assert Change.objects.filter(action="scheme.rebuilt").count() == rebuilds + 1
    # A new name changes no score: audited, not rebuilt; the same value again is no change.
    patch(chief, f"/api/schemes/{county_scheme.pk}", {"name": "2026年政务信息考核方案"})
    patch(chief, f"/api/schemes/{county_scheme.pk}", {"name": "2026年政务信息考核方案"})
    assert Change.objects.filter(action="scheme.changed").count() == 2
    assert Change.objects.filter(action="scheme.rebuilt").count() == rebuilds + 1


# --- refusals -------------------------------------------------------------------------------


def test_invalid_settings_are_refused_in_chinese_with_422(world, login, county_scheme, draft):
    chief = login(world.county_chief)
    shares = patch(chief, f"/api/schemes/{county_scheme.pk}", {"quarter_shares": [50, 60]})
    assert shares.status_code == 422
    assert shares.json()["errors"] == {
        "quarter_shares": [
            "季度目标分解须为四个季度的百分比，合计100，如 [25, 25, 25, 25]；不分季度考核请留空。"
        ]
    }
    second = post(chief, f"/api/schemes/{draft.pk}/status", {"status": "in_force"})
    assert second.status_code == 422
    assert second.json()["detail"] == "该办公室本年度已有执行中的考核方案，请先将其改为草稿。"
    url = f"/api/schemes/{county_scheme.pk}/rules"
    places = post(chief, url, {"kind": "adoption", "points": "1.25", "label": "两位小数"})
    assert places.status_code == 422 and "points" in places.json()["errors"]
    assert "1" in places.json()["errors"]["points"][0]  # Django's 确保小数点后不超过 1 位。
    wrong = post(
        chief, url, {"kind": "adoption", "points": 1, "label": "x", "penalty_kind": "late"}
    )
    assert wrong.json()["errors"] == {"penalty_kind": ["只有“报送失误扣分”规则可以指定失误类型。"]}
    unknown = post(chief, url, {"kind": "bonus", "points": 1, "label": "x"})
    assert unknown.status_code == 422 and "kind" in unknown.json()["errors"]
    blank = post(chief, "/api/schemes", {"office": world.county.pk, "year": YEAR})
    assert blank.json()["errors"] == {"name": ["请填写方案名称。"]}
    preset = post(chief, "/api/schemes", {"office": world.county.pk, "year": YEAR, "preset": "x"})
    assert preset.json()["errors"]["preset"] == ["没有名为“x”的预设方案，可选：county、city。"]
    not_office = post(chief, "/api/schemes", {"office": world.town_a.pk, "year": YEAR})
    assert not_office.json()["errors"] == {"office": ["办公室不存在或已停用。"]}
    assert Scheme.objects.count() == 2
    # Nothing changed, nothing recorded (beyond the fixtures' installs by the system).
    assert county_scheme.rules.count() == 31
    changes = Change.objects.filter(action__startswith="scheme.").exclude(action="scheme.installed")
    assert not changes.exists()


def test_idempotent_create(world, login):
    chief = login(world.county_chief)
    body = {"office": world.county.pk, "year": YEAR, "preset": "county"}
    first = post(chief, "/api/schemes", body, **{"Idempotency-Key": "scheme-2026"})
    again = post(chief, "/api/schemes", body, **{"Idempotency-Key": "scheme-2026"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Scheme.objects.count() == 1
    assert Change.objects.filter(action="scheme.created").count() == 1
    assert first.json()["status"] == "draft"  # created as a draft unless asked otherwise


# --- who may do what -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "in_force_status", "draft_status", "change_status"),
    [
        ("county_chief", 200, 200, 200),
        ("county_admin", 200, 200, 200),
        ("county_editor", 200, 200, 403),  # reads every scheme of the office, changes none
        ("a_officer", 200, 404, 403),  # its unit is assessed: sees the scheme in force
        ("county_leader", 404, 404, 404),
        ("city_editor", 404, 404, 404),
        ("outsider", 404, 404, 404),
    ],
)
def test_permission_matrix(
    world, login, county_scheme, draft, person, in_force_status, draft_status, change_status
):
    client = login(getattr(world, person))
    assert client.get(f"/api/schemes/{county_scheme.pk}").status_code == in_force_status
    assert client.get(f"/api/schemes/{draft.pk}").status_code == draft_status
    response = patch(client, f"/api/schemes/{county_scheme.pk}", {"weekly_min_items": 3})
    assert response.status_code == change_status
    if change_status == 403:
        assert response.json() == {"detail": MANAGE_DENIED}
    county_scheme.refresh_from_db()
    assert county_scheme.weekly_min_items == (3 if change_status == 200 else 2)


def test_only_the_chief_or_an_administrator_creates_rebuilds_and_edits_rules(
    world, login, county_scheme
):
    body = {"office": world.county.pk, "year": YEAR + 1, "name": "2027年方案"}
    for person in ("county_editor", "a_officer", "outsider", "city_editor"):
        refused = post(login(getattr(world, person)), "/api/schemes", body)
        assert refused.status_code == 403 and refused.json() == {"detail": MANAGE_DENIED}
    rule = county_scheme.rules.get(label=SPECIAL)
    editor = login(world.county_editor)
    assert editor.delete(f"/api/schemes/{county_scheme.pk}/rules/{rule.pk}").status_code == 403
    rebuild = post(editor, f"/api/schemes/{county_scheme.pk}/rebuild", {"reason": "核对"})
    assert rebuild.status_code == 403
    assert (
        not Change.objects.filter(actor=world.county_editor)
        .exclude(action="account.login")
        .exists()
    )

    admin = login(world.county_admin)
    assert post(admin, "/api/schemes", body).status_code == 201
    rebuilt = post(admin, f"/api/schemes/{county_scheme.pk}/rebuild", {"reason": "核对"})
    assert rebuilt.status_code == 200 and rebuilt.json() == {"lines": 0}
    change = Change.objects.get(action="scheme.rebuilt", actor=world.county_admin)
    assert change.details["reason"] == "核对"
    empty = post(admin, f"/api/schemes/{county_scheme.pk}/rebuild", {"reason": ""})
    assert empty.status_code == 422


def test_lists_show_what_each_may_see(world, login, county_scheme, draft):
    def ids(person):
        response = login(getattr(world, person)).get("/api/schemes")
        assert response.status_code == 200
        return [s["id"] for s in response.json()["items"]]

    assert sorted(ids("county_editor")) == sorted([county_scheme.pk, draft.pk])
    assert ids("a_officer") == [county_scheme.pk]
    assert ids("outsider") == [] and ids("city_editor") == []
    assert login(world.county_chief).get(f"/api/schemes?year={YEAR + 1}").json()["count"] == 0


def test_ranking_for_the_desk_ledger_for_the_unit(world, login, events, county_scheme):
    special_adoption(world, events)
    url = f"/api/schemes/{county_scheme.pk}"
    ranking = login(world.county_editor).get(f"{url}/ranking?month=3")
    assert ranking.status_code == 200
    rows = {row["unit"]["name"]: row for row in ranking.json()["rows"]}
    assert rows["城关镇人民政府"]["score"] == 7 and rows["城关镇人民政府"]["rank"] == 1
    assert rows["河口乡人民政府"]["score"] == 0
    assert ranking.json()["period"] == {
        "kind": "month",
        "label": "2026年3月",
        "start": "2026-03-01",
        "end": "2026-03-31",
    }
    quarter = login(world.county_chief).get(f"{url}/ranking?quarter=1").json()
    assert quarter["period"]["label"] == "2026年第1季度"
    year = login(world.county_chief).get(f"{url}/ranking?period=year").json()
    assert year["period"]["kind"] == "year"
    span = login(world.county_chief).get(f"{url}/ranking?start=2026-03-01&end=2026-03-15").json()
    assert span["period"]["kind"] == "range"
    bad = login(world.county_chief).get(f"{url}/ranking?month=13")
    assert bad.status_code == 422 and "month" in bad.json()["errors"]

    officer = login(world.a_officer)
    assert officer.get(f"{url}/ranking?month=3").status_code == 403
    own = officer.get(f"{url}/units/{world.town_a.pk}/lines?month=3")
    assert own.status_code == 200 and own.json()["score"] == 7
    assert own.json()["lines"][0]["item_title"] == "城关镇专题"
    assert officer.get(f"{url}/units/{world.town_b.pk}/lines").status_code == 404
    city = login(world.county_editor).get(f"{url}/units/{world.city_dept.pk}/lines")
    assert city.status_code == 404  # not assessed by the county


def test_presets_are_listed(world, login):
    presets = login(world.county_chief).get("/api/schemes/presets").json()
    assert [(p["code"], p["rules"]) for p in presets] == [("county", 31), ("city", 25)]


def test_openapi_documents_the_scheme_endpoints():
    document = json.loads(Client().get("/api/openapi.json").content)
    paths = document["paths"]
    for path, method, summary in [
        ("/api/schemes", "get", "考核方案列表"),
        ("/api/schemes", "post", "建立考核方案"),
        ("/api/schemes/{scheme_id}", "patch", "修改方案设置"),
        ("/api/schemes/{scheme_id}/status", "post", "变更方案状态"),
        ("/api/schemes/{scheme_id}/rebuild", "post", "重算计分明细"),
        ("/api/schemes/{scheme_id}/rules", "post", "新增计分规则"),
        ("/api/schemes/{scheme_id}/rules/{rule_id}", "patch", "修改计分规则"),
        ("/api/schemes/{scheme_id}/rules/{rule_id}", "delete", "删除计分规则"),
        ("/api/schemes/{scheme_id}/targets", "post", "新增考核目标"),
        ("/api/schemes/{scheme_id}/targets/{target_id}", "delete", "删除考核目标"),
        ("/api/schemes/{scheme_id}/ranking", "get", "得分排名"),
        ("/api/schemes/{scheme_id}/units/{unit_id}/lines", "get", "单位计分明细"),
    ]:
        assert paths[path][method]["summary"] == summary, (path, method)
    assert "Idempotency-Key" in paths["/api/schemes"]["post"]["description"]
    assert "建立考核方案" in document["info"]["description"]
