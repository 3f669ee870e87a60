"""The permission matrix: roles × actions × own unit / subordinate unit / other unit.

The item belongs to 城关镇 (town_a), which reports to the county office. For each
person the relation to that item is: own unit (a_officer, a_reviewer), its office
(county_*), the office above the county (city_editor), or unrelated (b_*, d_*,
outsider).
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from govdesk import policy
from govdesk.annotations.models import Annotation, SupervisionTask
from govdesk.bulletins.models import Issue, IssueRecipient, IssueState
from govdesk.emergencies.models import Event
from govdesk.items.models import Item, State
from govdesk.solicitations.models import Solicitation
from govdesk.units.models import Level

VIEW, EDIT, SUBMIT, SIGN, DECIDE, FORWARD = (
    "item.view", "item.edit", "item.submit", "item.sign_off", "item.adopt", "item.forward",
)  # fmt: skip

# (person, state of town_a's item, {permission: allowed})
MATRIX = [
    # own unit: the officer writes, the reviewer signs
    ("a_officer", State.DRAFT, {VIEW: 1, EDIT: 1, SUBMIT: 1, SIGN: 0, DECIDE: 0, FORWARD: 0}),
    ("a_officer", State.PENDING_SIGNOFF, {VIEW: 1, EDIT: 0, SIGN: 0}),
    ("a_officer", State.SUBMITTED, {VIEW: 1, EDIT: 0, DECIDE: 0}),
    ("a_officer", State.RETURNED, {VIEW: 1, EDIT: 1, SUBMIT: 1}),
    ("a_reviewer", State.DRAFT, {VIEW: 1, EDIT: 0, SUBMIT: 0, SIGN: 1}),
    ("a_reviewer", State.PENDING_SIGNOFF, {VIEW: 1, EDIT: 1, SIGN: 1, DECIDE: 0}),
    ("a_reviewer", State.SUBMITTED, {VIEW: 1, EDIT: 0, DECIDE: 0}),
    # another unit under the same office sees nothing of town_a
    ("b_officer", State.DRAFT, {VIEW: 0, EDIT: 0, SUBMIT: 0}),
    ("b_officer", State.ADOPTED, {VIEW: 0}),
    ("b_reviewer", State.PENDING_SIGNOFF, {VIEW: 0, SIGN: 0}),
    ("d_officer", State.SUBMITTED, {VIEW: 0}),
    # the office the unit reports to: nothing before submission, then it decides
    ("county_editor", State.DRAFT, {VIEW: 0, EDIT: 0, DECIDE: 0}),
    ("county_editor", State.PENDING_SIGNOFF, {VIEW: 0, SIGN: 0}),
    ("county_editor", State.SUBMITTED, {VIEW: 1, EDIT: 1, DECIDE: 1, FORWARD: 1, SUBMIT: 0}),
    ("county_editor", State.ADOPTED, {VIEW: 1, EDIT: 1, DECIDE: 1, FORWARD: 1}),
    ("county_chief", State.SUBMITTED, {VIEW: 1, DECIDE: 1, SIGN: 0}),
    ("county_leader", State.SUBMITTED, {VIEW: 0, DECIDE: 0}),
    ("county_leader", State.ADOPTED, {VIEW: 1, EDIT: 0, DECIDE: 0}),
    ("county_admin", State.SUBMITTED, {VIEW: 0, DECIDE: 0}),
    ("county_duty", State.SUBMITTED, {VIEW: 0}),
    # the office above the county never sees a township's item unless it is forwarded
    ("city_editor", State.SUBMITTED, {VIEW: 0, DECIDE: 0}),
    ("city_editor", State.ADOPTED, {VIEW: 0}),
    ("outsider", State.ADOPTED, {VIEW: 0, EDIT: 0, DECIDE: 0}),
]


def _town_a_item(world, state):
    item = world.draft()
    submitted = state >= State.SUBMITTED or state == State.RETURNED
    Item.objects.filter(pk=item.pk).update(state=state, submission_count=int(submitted))
    item.refresh_from_db()
    return item


@pytest.mark.parametrize(
    ("person", "state", "expected"),
    MATRIX,
    ids=[f"{p}-{s.name}" for p, s, _ in MATRIX],
)
def test_matrix(world, person, state, expected):
    item = _town_a_item(world, state)
    user = getattr(world, person)
    actual = {perm: int(policy.can(user, perm, item)) for perm in expected}
    assert actual == expected


@pytest.mark.parametrize(
    ("person", "visible"),
    [
        ("a_officer", True),
        ("a_reviewer", True),
        ("b_officer", False),
        ("county_editor", True),
        ("county_leader", False),
        ("city_editor", False),
        ("outsider", False),
    ],
)
def test_visible_items_query_agrees_with_the_object_check(world, person, visible):
    item = world.submitted()
    user = getattr(world, person)
    assert (item in policy.visible_items(user)) is visible
    assert policy.can(user, VIEW, item) is visible


def test_forwarded_copy_is_visible_to_the_superior_office_only_after_forwarding(world):
    from govdesk.items import services

    item = world.submitted()
    copy = services.item_forward(item_id=item.pk, actor=world.county_editor)
    assert policy.can(world.city_editor, DECIDE, copy)
    assert not policy.can(world.city_editor, VIEW, item)
    # The county owns the copy: its editors may still see it; the township does not.
    assert policy.can(world.county_editor, VIEW, copy)
    assert not policy.can(world.a_officer, VIEW, copy)


def test_forward_needs_a_superior_office(world):
    from govdesk.items import services

    item = services.item_create(
        actor=world.county_editor, unit=world.county, fields={"title": "县政府办公室信息"}
    )
    Item.objects.filter(pk=item.pk).update(state=State.SUBMITTED, submission_count=1)
    copy_item = Item.objects.get(pk=item.pk)
    # The county's own item goes to the city; the city office has nobody above it.
    assert policy.can(world.city_editor, FORWARD, copy_item) is False


@pytest.mark.parametrize(
    ("person", "unit", "expected"),
    [
        ("county_admin", "county", True),
        ("county_admin", "town_a", True),
        ("county_admin", "city", False),
        ("county_admin", "city_dept", False),
        ("county_editor", "town_a", False),
        ("outsider", "town_a", False),
    ],
)
def test_administrators_manage_their_office_subtree(world, person, unit, expected):
    assert policy.can(getattr(world, person), "unit.manage", getattr(world, unit)) is expected


def test_top_office_cannot_write_items_because_it_has_no_superior(world):
    assert policy.can(world.county_editor, "unit.write_items", world.county)
    assert not policy.can(world.city_editor, "unit.write_items", world.city)


# --- the checks of bulletins, supervision, solicitations and emergencies ----------------
# Same world: the county office publishes 《快讯》; 城关镇 (town_a), 河口乡 (town_b) and
# 县应急管理局 (dept) report to it.


def _issue(world, state):
    """An issue of 《快讯》 sent to b_officer in person and copied to town_a."""
    issue = Issue.objects.create(publication=world.kuaixun, state=state, editor=world.county_editor)
    IssueRecipient.objects.create(issue=issue, kind="send", user=world.b_officer)
    IssueRecipient.objects.create(issue=issue, kind="copy", unit=world.town_a)
    return issue


ISSUE_VIEW, ISSUE_EDIT, ISSUE_SIGN = "issue.view", "issue.edit", "issue.sign"
ISSUE_MATRIX = [
    # the desk sees and edits drafts; only the chief editor signs (签发), DOMAIN.md §2
    ("county_editor", IssueState.DRAFT, {ISSUE_VIEW: 1, ISSUE_EDIT: 1, ISSUE_SIGN: 0}),
    ("county_chief", IssueState.DRAFT, {ISSUE_VIEW: 1, ISSUE_EDIT: 1, ISSUE_SIGN: 1}),
    # leaders and the distribution list read released issues only
    ("county_leader", IssueState.DRAFT, {ISSUE_VIEW: 0}),
    ("county_leader", IssueState.RELEASED, {ISSUE_VIEW: 1, ISSUE_EDIT: 0, ISSUE_SIGN: 0}),
    ("a_officer", IssueState.SIGNED, {ISSUE_VIEW: 0}),
    ("a_officer", IssueState.RELEASED, {ISSUE_VIEW: 1, ISSUE_EDIT: 0}),  # town_a is copied
    ("b_officer", IssueState.DRAFT, {ISSUE_VIEW: 0}),
    ("b_officer", IssueState.RELEASED, {ISSUE_VIEW: 1}),  # named in person
    ("d_officer", IssueState.RELEASED, {ISSUE_VIEW: 0}),
    ("county_duty", IssueState.RELEASED, {ISSUE_VIEW: 0}),
    ("city_editor", IssueState.RELEASED, {ISSUE_VIEW: 0, ISSUE_EDIT: 0}),
    ("outsider", IssueState.RELEASED, {ISSUE_VIEW: 0}),
]


@pytest.mark.parametrize(
    ("person", "state", "expected"), ISSUE_MATRIX, ids=[f"{p}-{s.name}" for p, s, _ in ISSUE_MATRIX]
)
def test_issue_matrix(world, person, state, expected):
    issue = _issue(world, state)
    user = getattr(world, person)
    assert {perm: int(policy.can(user, perm, issue)) for perm in expected} == expected
    assert (issue in policy.visible_issues(user)) is bool(expected[ISSUE_VIEW])


def test_issue_denials_are_404_when_unseen_and_403_when_seen(world):
    draft = _issue(world, IssueState.DRAFT)
    with pytest.raises(Http404):
        policy.require(world.county_leader, ISSUE_SIGN, draft)
    with pytest.raises(PermissionDenied):
        policy.require(world.county_editor, ISSUE_SIGN, draft)
    policy.require(world.county_chief, ISSUE_SIGN, draft)


def _task(world):
    """A supervision task for town_a on the county leader's annotation of its item."""
    item = world.submitted()
    annotation = Annotation.objects.create(
        item=item,
        leader=world.county_leader,
        leader_name="黄志强",
        leader_level=Level.COUNTY,
        text="请抓好落实。",
        annotated_at=timezone.now(),
        requires_action=True,
        entered_by=world.county_leader,
    )
    return SupervisionTask.objects.create(
        annotation=annotation, unit=world.town_a, office=world.county, deadline=date(2026, 6, 8)
    )


TASK_MATRIX = [
    # the responsible unit feeds back (反馈落实情况); the office tracks, urges (催办) and
    # closes, DOMAIN.md §5
    ("a_officer", {"task.view": 1, "task.feedback": 1, "task.close": 0, "task.urge": 0}),
    ("a_reviewer", {"task.view": 1, "task.feedback": 1, "task.close": 0, "task.urge": 0}),
    ("county_editor", {"task.view": 1, "task.feedback": 0, "task.close": 1, "task.urge": 1}),
    ("county_chief", {"task.view": 1, "task.feedback": 0, "task.close": 1, "task.urge": 1}),
    ("b_officer", {"task.view": 0, "task.feedback": 0, "task.close": 0, "task.urge": 0}),
    ("d_officer", {"task.view": 0}),
    ("county_leader", {"task.view": 0, "task.close": 0, "task.urge": 0}),
    ("city_editor", {"task.view": 0}),
    ("outsider", {"task.view": 0}),
]


@pytest.mark.parametrize(("person", "expected"), TASK_MATRIX, ids=[p for p, _ in TASK_MATRIX])
def test_supervision_task_matrix(world, person, expected):
    task = _task(world)
    user = getattr(world, person)
    assert {perm: int(policy.can(user, perm, task)) for perm in expected} == expected
    assert (task in policy.visible_tasks(user)) is bool(expected["task.view"])


def test_feedback_by_another_unit_is_404_and_by_the_office_403(world):
    task = _task(world)
    with pytest.raises(Http404):
        policy.require(world.b_officer, "task.feedback", task)
    with pytest.raises(PermissionDenied):
        policy.require(world.county_editor, "task.feedback", task)


@pytest.mark.parametrize(
    ("person", "on_behalf", "tag", "level"),
    [
        ("county_leader", 0, 0, Level.COUNTY),
        ("county_editor", 1, 1, None),
        ("county_chief", 1, 1, None),
        ("a_officer", 0, 1, None),
        ("a_reviewer", 0, 0, None),
        ("b_officer", 0, 0, None),
        ("city_editor", 0, 0, None),
    ],
)
def test_annotating_and_tagging_town_a_s_adopted_item(world, person, on_behalf, tag, level):
    item = world.submitted()
    Item.objects.filter(pk=item.pk).update(state=State.ADOPTED)
    item.refresh_from_db()
    user = getattr(world, person)
    assert int(policy.can(user, "item.annotate_on_behalf", item)) == on_behalf
    assert int(policy.can(user, "item.tag_key_points", item)) == tag
    assert policy.leader_level(user, item) == level


def test_a_leader_annotates_only_what_the_office_adopted(world):
    assert policy.leader_level(world.county_leader, world.submitted()) is None


@pytest.mark.parametrize(
    ("person", "view", "answers_for"),
    [
        ("county_editor", 1, []),
        ("a_officer", 1, ["town_a"]),
        ("a_reviewer", 1, []),  # reviewers sign; the unit's writers answer
        ("d_officer", 1, ["dept"]),
        ("b_officer", 0, []),
        ("county_leader", 0, []),
        ("city_editor", 0, []),
        ("outsider", 0, []),
    ],
)
def test_solicitation_matrix(world, person, view, answers_for):
    solicitation = Solicitation.objects.create(
        office=world.county,
        topic="夏粮收购进展",
        deadline=timezone.now(),
        created_by=world.county_editor,
    )
    solicitation.units.set([world.town_a, world.dept])
    user = getattr(world, person)
    assert int(policy.can(user, "solicitation.view", solicitation)) == view
    assert (solicitation in policy.visible_solicitations(user)) is bool(view)
    expected = [getattr(world, name) for name in answers_for]
    assert list(policy.solicitation_answer_units(user, solicitation)) == expected


@pytest.mark.parametrize(
    ("person", "watch", "calls", "sees_event"),
    [
        ("county_duty", 1, 1, 1),
        ("county_chief", 1, 1, 1),
        ("county_editor", 1, 0, 1),
        ("county_leader", 1, 0, 1),
        ("county_admin", 0, 0, 0),
        ("a_officer", 0, 0, 1),  # the reporting unit follows its own event
        ("a_reviewer", 0, 0, 1),
        ("b_officer", 0, 0, 0),
        ("city_editor", 0, 0, 0),
        ("outsider", 0, 0, 0),
    ],
)
def test_emergency_matrix(world, person, watch, calls, sees_event):
    """DOMAIN.md §2, §6: the duty officer receives reports and records phone pre-reports;
    leaders are alerted at once."""
    user = getattr(world, person)
    event = Event(unit=world.town_a, office=world.county)
    assert int(policy.can(user, "office.watch", world.county)) == watch
    assert int(policy.can(user, "office.take_calls", world.county)) == calls
    assert int(policy.can(user, "event.view", event)) == sees_event
    assert (world.county in policy.watched_offices(user)) is bool(watch)
    assert (world.county in policy.call_offices(user)) is bool(calls)


@pytest.mark.parametrize(
    ("person", "town_a", "county"),
    [
        ("a_officer", 1, 0),
        ("a_reviewer", 0, 0),
        ("county_duty", 1, 1),  # the duty office keeps and checks its units' rosters
        ("county_chief", 1, 1),
        ("county_editor", 0, 1),
        ("county_admin", 0, 1),
        ("b_officer", 0, 0),
        ("outsider", 0, 0),
    ],
)
def test_duty_roster_matrix(world, person, town_a, county):
    user = getattr(world, person)
    assert int(policy.can(user, "unit.keep_roster", world.town_a)) == town_a
    assert int(policy.can(user, "unit.keep_roster", world.county)) == county
    units = set(policy.roster_units(user))
    assert (world.town_a in units, world.county in units) == (bool(town_a), bool(county))


def test_hidden_event_is_404_and_a_refused_roster_403(world):
    event = Event(unit=world.town_a, office=world.county)
    with pytest.raises(Http404):
        policy.require(world.b_officer, "event.view", event)
    with pytest.raises(PermissionDenied):
        policy.require(world.b_officer, "unit.keep_roster", world.town_a)
    with pytest.raises(PermissionDenied):
        policy.deny_unless(False)


@pytest.mark.parametrize(
    ("person", "in_force", "draft", "manage"),
    [
        ("county_chief", 1, 1, 1),
        ("county_admin", 1, 1, 1),
        ("county_editor", 1, 1, 0),  # reads the office's schemes and scores, changes none
        ("county_leader", 0, 0, 0),
        ("a_officer", 1, 0, 0),  # an assessed unit sees the rules in force
        ("d_officer", 1, 0, 0),
        ("city_editor", 0, 0, 0),  # the office above does not configure the county's
        ("outsider", 0, 0, 0),
    ],
)
def test_scheme_matrix(world, person, in_force, draft, manage):
    """Issue 3: an office's chief editor or administrator defines its schemes."""
    from govdesk.scoring.models import Scheme

    user = getattr(world, person)
    scheme = Scheme(office=world.county, year=2026, status="in_force")
    assert int(policy.can(user, "scheme.view", scheme)) == in_force
    assert int(policy.can(user, "scheme.view", Scheme(office=world.county, year=2026))) == draft
    assert int(policy.can(user, "scheme.manage", scheme)) == manage
    # The city's scheme assesses the county office: its people see the one in force.
    city = Scheme(office=world.city, year=2026, status="in_force")
    sees_city = person.startswith("county_") or person == "city_editor"
    assert policy.can(user, "scheme.view", city) is sees_city
