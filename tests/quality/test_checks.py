import pytest
from django.core.exceptions import ValidationError

from govdesk.items import services
from govdesk.items.models import State
from govdesk.quality.checks import Draft, blocking_problems, run_checks
from govdesk.quality.models import Boilerplate, LexiconEntry, Severity

GOOD = (
    "6月3日，城关镇召开防汛工作部署会，全镇12个村落实防汛责任人36名，"
    "储备编织袋2000条、冲锋舟2艘，组织应急演练3场，转移群众120人。"
) * 2


@pytest.fixture
def lexicon(db):
    LexiconEntry.objects.create(word="绝密", severity=Severity.BLOCK, reason="涉密信息不上网")
    LexiconEntry.objects.create(word="群体性事件", severity=Severity.WARN, reason="请核实并慎用")


def codes(title, body, kind="dynamic"):
    return [p.code for p in run_checks(Draft(title, body, kind))]


def test_classification_word_blocks_with_the_reason(lexicon):
    problems = blocking_problems("城关镇防汛", GOOD + "此件绝密。")
    assert problems == ["不能报送：含有“绝密”——涉密信息不上网"]


def test_submitting_a_draft_with_a_classification_word_is_refused_and_keeps_it(world, lexicon):
    """items runs the check that quality registers from its AppConfig.ready()."""
    item = world.draft(body=GOOD + "此件绝密。")
    with pytest.raises(ValidationError) as refused:
        services.item_transition(item_id=item.pk, action="submit", actor=world.a_officer)
    assert refused.value.message_dict == {"body": ["不能报送：含有“绝密”——涉密信息不上网"]}
    item.refresh_from_db()
    assert item.state == State.DRAFT and item.body == GOOD + "此件绝密。"
    clean = world.draft(body=GOOD + "未发生群体性事件。")  # a warning word does not block
    submitted = services.item_transition(item_id=clean.pk, action="submit", actor=world.a_officer)
    assert submitted.state == State.PENDING_SIGNOFF


def test_sensitive_word_warns_but_does_not_block(lexicon):
    assert blocking_problems("城关镇防汛", GOOD + "未发生群体性事件。") == []
    problems = run_checks(Draft("城关镇防汛", GOOD + "未发生群体性事件。"))
    assert [p.blocking for p in problems if p.code == "lexicon"] == [False]


def test_a_complete_item_has_no_hints(db):
    assert codes("城关镇召开防汛工作部署会", GOOD) == []


def test_missing_elements_are_named(db):
    (problem,) = run_checks(Draft("防汛工作", "高度重视防汛工作，切实抓好落实。", "brief"))[:1]
    assert problem.code == "elements"
    assert "时间" in problem.message and "数据" in problem.message


def test_title_that_does_not_match_the_body(db):
    assert "title" in codes("河口乡举办农民丰收节", GOOD)


def test_length_outside_the_kinds_norm(db):
    assert "length" in codes("城关镇防汛", GOOD, kind="research")
    assert "length" not in codes("城关镇防汛", GOOD, kind="dynamic")


def test_boilerplate_from_the_editable_list(db):
    Boilerplate.objects.create(phrase="高度重视")
    assert "boilerplate" in codes("城关镇防汛", "城关镇高度重视。" + GOOD)
