"""The item state machine: every transition from every state, allowed or refused."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from govdesk.accounts.models import Role
from govdesk.audit.models import Change
from govdesk.items import services
from govdesk.items.models import Item, ItemVersion, State
from govdesk.items.selectors import available_actions
from govdesk.items.workflow import TRANSITIONS, TransitionError
from govdesk.lib import clock
from tests.conftest import make_user

# Who performs each action on a town_a item in the tests below.
ACTORS = {
    "submit": "a_officer",
    "withdraw": "a_officer",
    "sign_off": "a_reviewer",
    "reviewer_return": "a_reviewer",
    "return": "county_editor",
    "reject": "county_editor",
    "adopt": "county_editor",
    "forward": "county_editor",
    "reopen": "county_editor",
}
# Written out by hand, not read from workflow.py: the table the state machine must match.
S = State
LEGAL = {
    "submit": {S.DRAFT, S.RETURNED},
    "withdraw": {S.PENDING_SIGNOFF},
    "sign_off": {S.PENDING_SIGNOFF},
    "reviewer_return": {S.PENDING_SIGNOFF},
    "return": {S.SUBMITTED, S.RESUBMITTED},
    "reject": {S.SUBMITTED, S.RESUBMITTED},
    "adopt": {S.SUBMITTED, S.RESUBMITTED, S.ADOPTED},
    "forward": {S.SUBMITTED, S.RESUBMITTED, S.ADOPTED},
    "reopen": {S.NOT_ADOPTED},
}
EXPECTED_TARGET = {
    "submit": State.PENDING_SIGNOFF,
    "withdraw": State.DRAFT,
    "sign_off": State.SUBMITTED,
    "reviewer_return": State.RETURNED,
    "return": State.RETURNED,
    "reject": State.NOT_ADOPTED,
    "adopt": State.ADOPTED,
    "reopen": State.SUBMITTED,  # it reached the office once (submission_count 1)
}


def _item_in(world, state: State, *, seen_by_office: bool) -> Item:
    item = world.draft()
    # An item that once reached the office (submission_count > 0) stays visible to its
    # editors in every state, so their refusals come from the state machine, not a 404.
    Item.objects.filter(pk=item.pk).update(state=state, submission_count=int(seen_by_office))
    item.refresh_from_db()
    return item


def _perform(world, item: Item, action: str):
    actor = getattr(world, ACTORS[action])
    if action == "adopt":
        return services.item_adopt(
            item_id=item.pk,
            actor=actor,
            publication=world.kuaixun,
            column=world.kuaixun_work,
            kind="brief",
        )
    if action == "forward":
        return services.item_forward(item_id=item.pk, actor=actor)
    return services.item_transition(
        item_id=item.pk, action=action, actor=actor, reason="请补充数据"
    )


CASES = [(action, state) for action in ACTORS for state in State]


@pytest.mark.parametrize(("action", "state"), CASES, ids=[f"{a}-{s.name}" for a, s in CASES])
def test_every_transition_from_every_state(world, action, state):
    item = _item_in(world, state, seen_by_office=ACTORS[action] == "county_editor")
    allowed = state in LEGAL[action]
    if not allowed:
        with pytest.raises(TransitionError, match="不能执行"):
            _perform(world, item, action)
        item.refresh_from_db()
        assert item.state == state
        return
    result = _perform(world, item, action)
    item.refresh_from_db()
    if action == "forward":
        assert item.state == state  # the original keeps its state; the copy goes up
        assert result.office == world.city and result.state == State.SUBMITTED
        assert result.unit == world.county and result.forwarded_from == item
    else:
        assert item.state == EXPECTED_TARGET[action]
    assert Change.objects.filter(action=f"item.{action}", target_id=item.pk).exists()


def test_the_state_machine_has_exactly_the_legal_table():
    assert {a: set(t.sources) for a, t in TRANSITIONS.items()} == LEGAL


# Decisions that end or undo an item's path ask first; the others act at once.
def test_every_effect_named_in_the_table_exists():
    named = {effect for t in TRANSITIONS.values() for effect in t.effects}
    assert named == set(services._EFFECTS)


def test_ending_decisions_carry_a_confirmation_step():
    asking = {a for a, t in TRANSITIONS.items() if t.confirm}
    assert asking == {"reviewer_return", "return", "reject", "reopen"}


def test_full_walk_records_who_when_and_why(world):
    item = world.pending()
    services.item_transition(
        item_id=item.pk, action="reviewer_return", actor=world.a_reviewer, reason="数据需核实"
    )
    item.refresh_from_db()
    assert item.state == State.RETURNED and item.return_reason == "数据需核实"
    services.item_transition(item_id=item.pk, action="submit", actor=world.a_officer)
    item = services.item_transition(item_id=item.pk, action="sign_off", actor=world.a_reviewer)
    assert item.state == State.SUBMITTED and item.submission_count == 1
    assert item.reviewer == world.a_reviewer and item.due_at is not None
    services.item_transition(
        item_id=item.pk, action="return", actor=world.county_editor, reason="请补充伤亡人数"
    )
    services.item_transition(item_id=item.pk, action="submit", actor=world.a_officer)
    item = services.item_transition(item_id=item.pk, action="sign_off", actor=world.a_reviewer)
    assert item.state == State.RESUBMITTED and item.submission_count == 2
    assert item.return_reason == ""
    services.item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.zhuanbao,
        column=None,
        kind="special",
    )
    transitions = list(
        Change.objects.filter(target_id=item.pk, action__startswith="item.")
        .exclude(action="item.created")
        .order_by("at", "id")
        .values_list("action", "details__from_state", "details__to_state", "details__reason")
    )
    assert transitions == [
        ("item.submit", State.DRAFT, State.PENDING_SIGNOFF, ""),
        ("item.reviewer_return", State.PENDING_SIGNOFF, State.RETURNED, "数据需核实"),
        ("item.submit", State.RETURNED, State.PENDING_SIGNOFF, ""),
        ("item.sign_off", State.PENDING_SIGNOFF, State.SUBMITTED, ""),
        ("item.return", State.SUBMITTED, State.RETURNED, "请补充伤亡人数"),
        ("item.submit", State.RETURNED, State.PENDING_SIGNOFF, ""),
        ("item.sign_off", State.PENDING_SIGNOFF, State.RESUBMITTED, ""),
        ("item.adopt", State.RESUBMITTED, State.ADOPTED, None),
    ]
    assert Change.objects.get(action="item.adopt").actor == world.county_editor


def test_returning_requires_a_reason(world):
    item = world.submitted()
    with pytest.raises(TransitionError, match="须填写原因"):
        services.item_transition(item_id=item.pk, action="return", actor=world.county_editor)


def test_submitting_without_body_text_is_refused_and_keeps_the_draft(world):
    item = world.draft(body="")
    with pytest.raises(Exception, match="正文形式"):
        services.item_transition(item_id=item.pk, action="submit", actor=world.a_officer)
    item.refresh_from_db()
    assert item.state == State.DRAFT and item.title == "城关镇召开防汛工作部署会"


def test_classified_items_are_refused_with_a_clear_message(world):
    with pytest.raises(Exception, match="涉密信息不上网"):
        world.draft(classification="secret")
    assert not Item.objects.exists()


def test_an_item_is_adopted_by_several_publications_but_once_by_each(world):
    item = world.submitted()
    services.item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.kuaixun,
        column=world.kuaixun_work,
        kind="comprehensive",
    )
    services.item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.zhuanbao,
        column=None,
        kind="special",
    )
    assert item.adoptions.count() == 2
    with pytest.raises(TransitionError, match="不能重复采用"):
        services.item_adopt(
            item_id=item.pk,
            actor=world.county_editor,
            publication=world.kuaixun,
            column=world.kuaixun_work,
            kind="brief",
        )


@pytest.mark.parametrize(
    ("column", "kind", "message"),
    [
        (None, "brief", "请为《快讯》选择栏目"),
        ("work", "special", "不支持该采用类型"),
    ],
)
def test_adoption_checks_column_and_kind(world, column, kind, message):
    item = world.submitted()
    with pytest.raises(TransitionError, match=message):
        services.item_adopt(
            item_id=item.pk,
            actor=world.county_editor,
            publication=world.kuaixun,
            column=world.kuaixun_work if column else None,
            kind=kind,
        )


def test_forwarded_item_repeats_the_flow_at_the_superior_office(world):
    item = world.submitted()
    copy = services.item_forward(item_id=item.pk, actor=world.county_editor)
    assert copy.origin == item
    with pytest.raises(TransitionError, match="已转报"):
        services.item_forward(item_id=item.pk, actor=world.county_editor)
    services.item_transition(
        item_id=copy.pk, action="return", actor=world.city_editor, reason="请补充背景"
    )
    copy.refresh_from_db()
    assert copy.state == State.RETURNED
    # The county office, the copy's owner, revises and resubmits it.
    services.item_transition(item_id=copy.pk, action="submit", actor=world.county_editor)
    copy = services.item_transition(item_id=copy.pk, action="sign_off", actor=world.county_chief)
    assert copy.state == State.RESUBMITTED


def test_editor_edits_keep_every_version(world):
    item = world.submitted()
    assert [v.number for v in item.versions.all()] == [1]
    services.item_update(
        item_id=item.pk,
        actor=world.county_editor,
        fields={"title": "城关镇全面部署防汛工作"},
        revision=item.revision,
        note="精简标题",
    )
    versions = list(ItemVersion.objects.filter(item=item).order_by("number"))
    assert [(v.number, v.title) for v in versions] == [
        (1, "城关镇召开防汛工作部署会"),
        (2, "城关镇全面部署防汛工作"),
    ]
    assert versions[1].author == world.county_editor and versions[1].note == "精简标题"


def test_stale_revision_from_someone_else_is_refused_and_nothing_is_overwritten(world):
    colleague = make_user("a_officer2", "张二", [(world.town_a, Role.OFFICER)])
    item = world.draft()
    opened_at = item.revision
    services.item_update(
        item_id=item.pk, actor=world.a_officer, fields={"body": "第一稿"}, revision=opened_at
    )
    with pytest.raises(services.EditConflict, match="被他人修改"):
        services.item_update(
            item_id=item.pk, actor=colleague, fields={"body": "旧页面的内容"}, revision=opened_at
        )
    item.refresh_from_db()
    assert item.body == "第一稿"


def test_edit_lock_keeps_others_out_until_the_lease_ends(world, settings):
    item = world.submitted()
    assert services.item_lock(item=item, actor=world.county_editor) is None
    assert services.item_lock(item=item, actor=world.county_chief) == world.county_editor
    with pytest.raises(services.EditConflict, match="正在由 陈静 编辑"):
        services.item_update(
            item_id=item.pk,
            actor=world.county_chief,
            fields={"title": "改"},
            revision=item.revision,
        )
    services.item_unlock(item=item, actor=world.county_editor)
    assert services.item_lock(item=item, actor=world.county_chief) is None


def test_own_autosaves_do_not_conflict_with_the_final_save(world):
    item = world.draft()
    opened_at = item.revision
    services.item_update(
        item_id=item.pk,
        actor=world.a_officer,
        fields={"body": "自动保存的内容"},
        revision=opened_at,
    )
    saved = services.item_update(
        item_id=item.pk, actor=world.a_officer, fields={"body": "最终内容"}, revision=opened_at
    )
    assert saved.body == "最终内容" and saved.updated_by == world.a_officer


def test_reject_keeps_an_optional_reason_for_the_unit(world):
    item = world.submitted()
    services.item_transition(
        item_id=item.pk, action="reject", actor=world.county_editor, reason="与昨日信息重复"
    )
    item.refresh_from_db()
    assert item.state == State.NOT_ADOPTED and item.reject_reason == "与昨日信息重复"
    assert item.decided_at is not None
    other = world.submitted(title="城关镇开展环境整治")
    services.item_transition(item_id=other.pk, action="reject", actor=world.county_editor)
    other.refresh_from_db()
    assert other.state == State.NOT_ADOPTED and other.reject_reason == ""


def test_an_editor_reopens_a_rejected_item_back_to_the_desk_audited(world):
    item = world.submitted()
    services.item_transition(
        item_id=item.pk, action="reject", actor=world.county_editor, reason="与昨日信息重复"
    )
    with pytest.raises(PermissionDenied):
        services.item_transition(item_id=item.pk, action="reopen", actor=world.a_officer)
    item = services.item_transition(
        item_id=item.pk, action="reopen", actor=world.county_chief, reason="领导要求重新考虑"
    )
    assert item.state == State.SUBMITTED and item.reject_reason == ""
    assert item.decided_at is None and item.due_at > clock.now()
    change = Change.objects.get(action="item.reopen")
    assert change.actor == world.county_chief
    assert change.details["from_state"] == State.NOT_ADOPTED
    assert change.details["to_state"] == State.SUBMITTED
    assert change.details["reason"] == "领导要求重新考虑"
    # Back on the desk: it can be adopted now.
    services.item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.zhuanbao,
        column=None,
        kind="special",
    )


def test_a_resubmitted_item_reopens_as_resubmitted(world):
    item = world.submitted()
    Item.objects.filter(pk=item.pk).update(state=State.RESUBMITTED, submission_count=2)
    services.item_transition(item_id=item.pk, action="reject", actor=world.county_editor)
    item = services.item_transition(item_id=item.pk, action="reopen", actor=world.county_editor)
    assert item.state == State.RESUBMITTED


def test_reopening_is_refused_after_the_assessment_year(world):
    last_year = datetime(2025, 12, 31, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with clock.frozen_at(last_year):
        item = world.submitted()
        services.item_transition(item_id=item.pk, action="reject", actor=world.county_editor)
    new_year = last_year + timedelta(hours=8)  # 2026-01-01 01:00 in Shanghai
    with clock.frozen_at(new_year), pytest.raises(TransitionError) as refused:
        services.item_transition(item_id=item.pk, action="reopen", actor=world.county_editor)
    assert (
        str(refused.value) == "只能在不予采用当年内撤销：该信息于2025年不予采用，该考核年度已结束。"
    )
    item.refresh_from_db()
    assert item.state == State.NOT_ADOPTED
    for moment, offered in ((last_year + timedelta(hours=1), True), (new_year, False)):
        with clock.frozen_at(moment):
            actions = {t.action for t in available_actions(item, world.county_editor)}
        assert ("reopen" in actions) is offered
