"""计分规则 in 配置管理: the scheme's rules as a table in words with the clause each
encodes; their points change after a confirmation that names each change and says the
year is rebuilt, and the ledger then really follows (one rebuild for all). Renaming a
publication or a column renames the rules that price it, so its adoptions keep scoring."""

from decimal import Decimal

import pytest

from govdesk.audit.models import Change
from govdesk.publications.services import column_update, publication_update
from govdesk.scoring.models import Rule
from tests.fixtures.scoring import total

LABEL = "《专报信息》专题类信息"


@pytest.fixture
def special(scored):
    return scored.rules.get(label=LABEL)


def test_the_rules_read_as_a_table_with_their_source(world, scored, login):
    page = login(world.county_chief).get(f"/scoring/schemes/{scored.pk}/rules/").content.decode()
    assert "依据：<b>政务信息通报范文2</b>" in page
    assert "改动会重算本年度分数" in page
    assert "县级 《快讯》 “工作简况”栏目 综合信息" in page
    assert "政务信息通报范文2 二(二)1：“工作简况”栏目采用综合信息1条计3分" in page
    assert page.count('name="points-') == scored.rules.count()


def test_points_change_after_a_confirmation_and_the_year_is_rebuilt(world, scored, special, login):
    assert total(world.town_a, scored) == Decimal(12)  # 7 (专题) + 5 (县领导批示)
    client = login(world.county_chief)
    url = f"/scoring/schemes/{scored.pk}/rules/"
    data = {f"points-{r.pk}": r.points for r in scored.rules.all()}
    data[f"points-{special.pk}"] = "8.5"
    page = client.post(url, data).content.decode()
    assert f"“{LABEL}”：7分 → 8.5分" in page
    assert "改动会重算2026年度分数：各单位的计分明细、排名和通报按新分值重新计算。" in page
    special.refresh_from_db()
    assert special.points == 7 and total(world.town_a, scored) == Decimal(12)

    response = client.post(url, {**data, "confirmed": "1"}, follow=True)
    assert "已修改1条规则的分值，本年度分数已重算。" in response.content.decode()
    special.refresh_from_db()
    assert special.points == Decimal("8.5")
    assert total(world.town_a, scored) == Decimal("13.5")
    (change,) = Change.objects.filter(action="scheme.rule_changed")
    assert change.actor == world.county_chief
    assert change.details["changes"] == {"points": ["7.0", "8.5"]}
    assert Change.objects.filter(action="scheme.rebuilt", actor=world.county_chief).count() == 1


def test_bad_points_are_refused_in_words(world, scored, special, login):
    client = login(world.county_admin)
    url = f"/scoring/schemes/{scored.pk}/rules/"
    data = {f"points-{r.pk}": r.points for r in scored.rules.all()}
    data[f"points-{special.pk}"] = "七分"
    page = client.post(url, {**data, "confirmed": "1"}).content.decode()
    assert f"“{LABEL}”的分值须为数字，如 3 或 -10。" in page
    data[f"points-{special.pk}"] = "7.25"
    page = client.post(url, {**data, "confirmed": "1"}).content.decode()
    assert f"“{LABEL}”的分值最多保留1位小数。" in page
    special.refresh_from_db()
    assert special.points == 7
    assert not Change.objects.filter(action="scheme.rule_changed").exists()


@pytest.mark.parametrize(
    "who, status",
    [("county_editor", 403), ("county_leader", 404), ("a_officer", 403), ("outsider", 404)],
)
def test_only_the_office_configurers_change_rules(world, scored, special, login, who, status):
    client = login(getattr(world, who))
    url = f"/scoring/schemes/{scored.pk}/rules/"
    assert client.get(url).status_code == status
    data = {f"points-{r.pk}": r.points for r in scored.rules.all()}
    data[f"points-{special.pk}"] = "99"
    assert client.post(url, {**data, "confirmed": "1"}).status_code == status
    special.refresh_from_db()
    assert special.points == 7


def test_renaming_a_publication_or_column_renames_its_rules(world, scored):
    before = total(world.town_b, scored)  # 《快讯》工作简况 简要 1
    assert before == 1
    publication_update(actor=world.county_chief, publication=world.kuaixun, name="政务快讯")
    column_update(actor=world.county_chief, column=world.kuaixun_work, name="工作动态")
    renamed = Rule.objects.filter(scheme=scored, publication="政务快讯", column="工作动态")
    assert renamed.count() == 3  # 综合 3, 简要 1 and 约稿 3
    assert not Rule.objects.filter(scheme=scored, publication="快讯").exists()
    assert total(world.town_b, scored) == before
    changes = Change.objects.filter(action="scheme.rule_changed", actor=world.county_chief)
    assert changes.count() == Rule.objects.filter(scheme=scored, publication="政务快讯").count() + 3
