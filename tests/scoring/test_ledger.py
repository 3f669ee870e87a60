"""The ledger follows the events and a rebuild reproduces it; quarter deductions;
changing a scheme in force rebuilds its year and says who changed what."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from govdesk.accounts.models import Role
from govdesk.accounts.services import membership_grant
from govdesk.audit.models import Change
from govdesk.lib import clock, periods
from govdesk.scoring import selectors
from govdesk.scoring.models import LedgerLine, RuleKind, SchemeStatus, Target
from govdesk.scoring.services import ledger_rebuild, scheme_install_preset
from tests.fixtures.scoring import at, total

pytestmark = pytest.mark.django_db

FIELDS = ["scheme_id", "unit_id", "rule_id", "points", "on", "level", "item_id", "adoption_id",
          "annotation_id", "penalty_id", "propagated_from_id", "cause", "note",
          "prior_adoption_on", "prior_level_adoption_on"]  # fmt: skip


def snapshot():
    return sorted(tuple(str(v) for v in row) for row in LedgerLine.objects.values_list(*FIELDS))


def test_rebuild_gives_the_same_ledger_as_the_live_events(world, history):
    live = snapshot()
    assert len(live) > 8
    call_command("rebuild_ledger", office=world.county.name, year=2026)
    call_command("rebuild_ledger", office=world.city.name, year=2026)
    assert snapshot() == live


def test_the_migration_dates_stored_lines_as_the_ledger_does(world, history):
    live = snapshot()
    assert LedgerLine.objects.exclude(prior_adoption_on=None).exists()
    LedgerLine.objects.update(prior_adoption_on=None, prior_level_adoption_on=None)
    migration = importlib.import_module("govdesk.scoring.migrations.0005_prior_adoption_dates")
    migration.date_existing(django_apps, None)
    assert snapshot() == live


def test_rebuild_is_audited(world, county_scheme):
    ledger_rebuild(actor=world.county_chief, scheme=county_scheme, reason="核对")
    change = Change.objects.get(action="scheme.rebuilt")
    assert change.actor == world.county_chief and change.details["reason"] == "核对"


def test_quarter_below_its_share_of_the_target_is_deducted(world, events, county_scheme):
    # 范文2 二(一): 分四个季度进行考核，对未完成季度任务的单位，除扣减目标分值外……予以通报
    Target.objects.create(scheme=county_scheme, unit_kind="township", points=40)
    county_scheme.rules.filter(kind=RuleKind.QUARTER_MISS).update(points=-5)
    q1 = events.submitted(at(2), title="一季度")
    events.adopt(q1, world.zhuanbao, kind="special", on=at(2, 12))  # 7
    events.adopt(
        events.submitted(at(3), title="一季度二"), world.zhuanbao, kind="comprehensive", on=at(3, 5)
    )  # 3: Q1 = 10 = 40 × 25%, met
    q2 = events.submitted(at(5), title="二季度")
    events.adopt(q2, world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(5, 12))  # 1
    with clock.frozen_at(at(7, 2)):
        ledger_rebuild(actor=None, scheme=county_scheme, reason="二季度结束")
    misses = LedgerLine.objects.filter(rule__kind=RuleKind.QUARTER_MISS)
    assert sorted((m.unit.name, m.on, m.points) for m in misses) == [
        # town_a: Q2 scored 1 < 10; Q3, Q4 have not ended
        ("城关镇人民政府", date(2026, 6, 30), Decimal(-5)),
        # town_b scored nothing in either quarter
        ("河口乡人民政府", date(2026, 3, 31), Decimal(-5)),
        ("河口乡人民政府", date(2026, 6, 30), Decimal(-5)),
        # the department has no target in this scheme
    ]
    assert total(world.town_a, county_scheme) == 11 - 5
    # …and named: the ranking flags the quarter it was missed in.
    q1 = {r.unit: r for r in selectors.ranking(county_scheme, periods.quarter(2026, 1)).rows}
    q2 = {r.unit: r for r in selectors.ranking(county_scheme, periods.quarter(2026, 2)).rows}
    assert not q1[world.town_a].quarter_missed and q2[world.town_a].quarter_missed
    assert q1[world.town_b].quarter_missed


def test_changing_a_rule_in_the_admin_rebuilds_and_records_who(world, events, county_scheme, login):
    membership_grant(actor=None, user=world.county_admin, unit=world.county, role=Role.ADMIN)
    item = events.submitted(at(3), title="专题")
    events.adopt(item, world.zhuanbao, kind="special", on=at(3, 12))
    assert total(world.town_a, county_scheme) == 7
    rule = county_scheme.rules.get(label="《专报信息》专题类信息")
    form = {f: getattr(rule, f) or "" for f in ["kind", "publication", "column", "adoption_kind",
                                               "penalty_kind", "label", "source"]}  # fmt: skip
    form.update(scheme=county_scheme.pk, level=rule.level, points="8")
    world.county_admin.refresh_from_db()
    world.county_admin.is_superuser = True  # rules are changed in the admin, superusers only
    world.county_admin.save()
    response = login(world.county_admin).post(f"/admin/scoring/rule/{rule.pk}/change/", form)
    assert response.status_code == 302
    assert total(world.town_a, county_scheme) == 8
    changed = Change.objects.get(action="admin.changed")
    assert changed.actor == world.county_admin
    assert changed.details["changes"] == {"points": ["7.0", "8"]}
    assert Change.objects.filter(action="scheme.rebuilt", actor=world.county_admin).exists()


def test_a_draft_scheme_scores_nothing(world, events, county_scheme):
    draft = scheme_install_preset(actor=None, office=world.county, year=2026, preset="county")
    assert draft.status == SchemeStatus.DRAFT
    item = events.submitted(at(3), title="专题")
    events.adopt(item, world.zhuanbao, kind="special", on=at(3, 12))
    assert not LedgerLine.objects.filter(scheme=draft).exists()
    assert total(world.town_a, county_scheme) == 7


def test_events_in_a_year_without_a_scheme_score_nothing(world, events, county_scheme):
    item = events.submitted(at(3), title="专题")
    events.adopt(item, world.zhuanbao, kind="special", on=at(3).replace(year=2027))
    assert not LedgerLine.objects.exists()


def test_install_scheme_command(world, capsys):
    call_command("install_scheme", office=world.county.name, year=2027, preset="county")
    assert "规则 31 条" in capsys.readouterr().out
