"""The one permission policy: who may see and do what, for their own unit, the units
reporting to their office, and everyone else.

Checks are named functions in a registry (``"item.adopt"`` -> ``_item_decide``),
for items, units, bulletin issues, supervision tasks, solicitations and emergencies.
Views, the API and the admin all ask ``can``/``require`` and the query forms
(``visible_items``, ``visible_issues`` …); nothing else decides access. Workflow
legality (is this item in a state that allows the action?) lives in
``govdesk.items.workflow``; this module only answers "is this person entitled to act
on this object at all".
"""

from collections import defaultdict
from collections.abc import Callable
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from govdesk.accounts.models import Membership, Role
from govdesk.annotations.models import SupervisionTask
from govdesk.bulletins.models import Issue, IssueState
from govdesk.items.models import Item, State
from govdesk.publications.models import Publication
from govdesk.solicitations.models import KeyPoint, Solicitation
from govdesk.units.models import Unit

# Roles that write items for a unit. An office's editors write the office's own items
# (including the copies it forwards upward).
WRITER_ROLES = {Role.OFFICER, Role.EDITOR, Role.CHIEF}
SIGNER_ROLES = {Role.REVIEWER, Role.CHIEF}
DESK_ROLES = {Role.EDITOR, Role.CHIEF}
# A supervision task is answered by whoever writes or signs for the responsible unit.
FEEDBACK_ROLES = WRITER_ROLES | SIGNER_ROLES
# An office's emergency board is watched by its duty officers, leaders and desk; calls
# (phone pre-reports, daily reporting, spot checks) are taken by duty and the chief.
WATCH_ROLES = {Role.DUTY, Role.LEADER, Role.EDITOR, Role.CHIEF}
CALL_ROLES = {Role.DUTY, Role.CHIEF}
ROSTER_ROLES = WRITER_ROLES | {Role.DUTY, Role.ADMIN}
# The security administrator and the auditor (等保 三员) keep accounts and read the
# change log; the office's business (scores, notices) is not theirs to read.
OVERSIGHT_ROLES = {Role.SECURITY, Role.AUDITOR}

FORBIDDEN = "您没有执行此操作的权限。"


class RoleMap:
    """A user's active roles, by unit id, loaded once per request."""

    def __init__(self, user):
        self.by_unit: dict[int, set[str]] = defaultdict(set)
        self.leader_levels: dict[int, int] = {}
        self.superuser = bool(getattr(user, "is_superuser", False))
        self.user_id: int | None = None
        if not getattr(user, "is_authenticated", False):
            return
        self.user_id = user.pk
        for m in Membership.objects.filter(user=user, is_active=True, unit__is_active=True):
            self.by_unit[m.unit_id].add(m.role)
            if m.role == Role.LEADER and m.leader_level:
                self.leader_levels[m.unit_id] = m.leader_level

    def has(self, unit_id: int | None, roles: set[str] | str) -> bool:
        wanted = {roles} if isinstance(roles, str) else roles
        return bool(self.by_unit.get(unit_id, set()) & wanted)

    def units_with(self, roles: set[str] | str) -> list[int]:
        wanted = {roles} if isinstance(roles, str) else roles
        return [unit_id for unit_id, held in self.by_unit.items() if held & wanted]

    def all_roles(self) -> set[str]:
        return set().union(*self.by_unit.values()) if self.by_unit else set()

    @cached_property
    def reporting_to(self) -> set[int]:
        """The offices the user's units send their items to (and are assessed by): a
        county office's people report to the city office as a township's do to the
        county, and read its notices."""
        units = Unit.objects.filter(pk__in=self.units_with(set(Role) - OVERSIGHT_ROLES))
        return {office.pk for unit in units if (office := unit.superior_office())}

    @cached_property
    def writing_units(self) -> list[int]:
        """The units the user writes items for: those where they hold a writer's role
        and that have an office above them to send to (a top-level office has none)."""
        writers = Unit.objects.filter(pk__in=self.units_with(WRITER_ROLES), is_active=True)
        return list(writers.exclude(depth=1).values_list("pk", flat=True))


def roles(user) -> RoleMap:
    cached = getattr(user, "_govdesk_roles", None)
    if cached is None:
        cached = RoleMap(user)
        if getattr(user, "is_authenticated", False):
            user._govdesk_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached role map after memberships change."""
    user.__dict__.pop("_govdesk_roles", None)


# --- items -----------------------------------------------------------------------


def _item_view(r: RoleMap, item: Item) -> bool:
    if r.has(item.unit_id, WRITER_ROLES | SIGNER_ROLES):
        return True
    if r.has(item.office_id, DESK_ROLES) and item.submission_count > 0:
        return True
    return r.has(item.office_id, Role.LEADER) and item.state == State.ADOPTED


def _item_write(r: RoleMap, item: Item) -> bool:
    return r.has(item.unit_id, WRITER_ROLES)


def _item_sign(r: RoleMap, item: Item) -> bool:
    return r.has(item.unit_id, SIGNER_ROLES)


def _item_decide(r: RoleMap, item: Item) -> bool:
    # An office decides only on what reached it; drafts stay the unit's business.
    return r.has(item.office_id, DESK_ROLES) and item.submission_count > 0


def _item_edit(r: RoleMap, item: Item) -> bool:
    """Whoever holds the item in its current state may change its text."""
    if item.state in (State.DRAFT, State.RETURNED):
        return _item_write(r, item)
    if item.state == State.PENDING_SIGNOFF:
        return _item_sign(r, item)
    return _item_decide(r, item)


def _item_change_credit(r: RoleMap, item: Item) -> bool:
    """Who is credited (执笔人、作者) is the unit's own business: its writers and its
    reviewers, never the office that edits the text."""
    return r.has(item.unit_id, WRITER_ROLES | SIGNER_ROLES)


def _item_forward(r: RoleMap, item: Item) -> bool:
    office = item.office
    return _item_decide(r, item) and office.superior_office() is not None


def _unit_write_items(r: RoleMap, unit: Unit) -> bool:
    return r.has(unit.pk, WRITER_ROLES) and unit.superior_office() is not None


def _unit_manage(r: RoleMap, unit: Unit) -> bool:
    """Administrators manage their office and every unit under it."""
    return any(
        r.has(ancestor.pk, Role.ADMIN) for ancestor in [unit, *Unit.objects.get_ancestors(unit)]
    )


def _office_desk(r: RoleMap, office: Unit) -> bool:
    return office.is_office and r.has(office.pk, DESK_ROLES)


# --- the public portal (门户网站) ---------------------------------------------------------
# Portal checks take the office whose site it is (an article's ``office``).


def _portal_view(r: RoleMap, office: Unit) -> bool:
    """The portal desk: the network information centre's editors, and the chief, who is
    warned of stale columns and reads the quota table."""
    return office.is_office and r.has(office.pk, {Role.PORTAL_EDITOR, Role.CHIEF})


def _portal_edit(r: RoleMap, office: Unit) -> bool:
    """Taking items, the 保密审查, publishing, withdrawing and correcting: 网站编辑 only."""
    return office.is_office and r.has(office.pk, Role.PORTAL_EDITOR)


def _portal_send(r: RoleMap, item: Item) -> bool:
    """单独报送网站: the unit's signers, who decide what leaves the unit."""
    return r.has(item.unit_id, SIGNER_ROLES)


# --- bulletin issues ------------------------------------------------------------------


def _issue_edit(r: RoleMap, issue: Issue) -> bool:
    return r.has(issue.publication.office_id, DESK_ROLES)


def _issue_sign(r: RoleMap, issue: Issue) -> bool:
    return r.has(issue.publication.office_id, Role.CHIEF)


def _publication_configure(r: RoleMap, publication) -> bool:
    """A publication's settings (its default distribution): the office's chief editor
    and its administrators, the same people ``configurable_units`` lets configure it."""
    office = publication.office
    return office is not None and (r.has(office.pk, Role.CHIEF) or _unit_manage(r, office))


def _external_publications_manage(r: RoleMap, _=None) -> bool:
    """Publications above the deployment (省、国务院) are one list for the whole
    deployment, kept by its administrators (like the holiday calendar)."""
    return bool(r.units_with(Role.ADMIN))


def _issue_view(r: RoleMap, issue: Issue) -> bool:
    """The office's desk sees every issue; once released, so do the office's leaders and
    the distribution list (the person named, or anyone of a unit named)."""
    if _issue_edit(r, issue):
        return True
    if issue.state != IssueState.RELEASED:
        return False
    if r.has(issue.publication.office_id, Role.LEADER):
        return True
    mine = Q(user_id=r.user_id) | Q(unit_id__in=list(r.by_unit))
    return issue.recipients.filter(mine).exists()


# --- annotations and supervision ------------------------------------------------------


def _item_annotate_on_behalf(r: RoleMap, item: Item) -> bool:
    """Annotations made on paper or above this deployment are entered by the office's desk."""
    return _office_desk(r, item.office)


def _task_view(r: RoleMap, task: SupervisionTask) -> bool:
    return r.has(task.office_id, DESK_ROLES) or bool(r.by_unit.get(task.unit_id))


def _task_feedback(r: RoleMap, task: SupervisionTask) -> bool:
    return r.has(task.unit_id, FEEDBACK_ROLES)


def _task_close(r: RoleMap, task: SupervisionTask) -> bool:
    return r.has(task.office_id, DESK_ROLES)


# --- solicitations and key points -----------------------------------------------------


def _solicitation_view(r: RoleMap, solicitation: Solicitation) -> bool:
    if _office_desk(r, solicitation.office):
        return True
    return solicitation.units.filter(pk__in=list(r.by_unit)).exists()


def _item_tag_key_points(r: RoleMap, item: Item) -> bool:
    """Writers tag their own unit's items; the receiving desk may correct tags."""
    return _unit_write_items(r, item.unit) or _office_desk(r, item.office)


# --- emergencies and duty -------------------------------------------------------------


def _office_watch(r: RoleMap, office: Unit) -> bool:
    return office.is_office and r.has(office.pk, WATCH_ROLES)


def _office_take_calls(r: RoleMap, office: Unit) -> bool:
    return r.has(office.pk, CALL_ROLES)


def _event_view(r: RoleMap, event) -> bool:
    return r.has(event.unit_id, WRITER_ROLES | SIGNER_ROLES) or _office_watch(r, event.office)


def _unit_keep_roster(r: RoleMap, unit: Unit) -> bool:
    """A unit's own staff keep its duty roster; the duty office above may too."""
    if r.has(unit.pk, ROSTER_ROLES):
        return True
    office = unit if unit.is_office else unit.superior_office()
    return office is not None and _office_take_calls(r, office)


def _scores_view_office(r: RoleMap, office: Unit) -> bool:
    """The ranking and every unit's ledger: the office's desk and its administrators."""
    return _office_desk(r, office) or _unit_manage(r, office)


def _scores_view_unit(r: RoleMap, unit: Unit) -> bool:
    """A unit's ledger: its own people, and whoever sees its office's scores."""
    office = unit.superior_office()
    return unit.pk in r.by_unit or (office is not None and _scores_view_office(r, office))


def _office_configure(r: RoleMap, office: Unit) -> bool:
    """An office's settings (its schemes, whom its emergencies alert and through which
    robots): its chief editor and its administrators (``configured_offices``)."""
    return office.is_office and (r.has(office.pk, Role.CHIEF) or _unit_manage(r, office))


def _scheme_manage(r: RoleMap, scheme) -> bool:
    """An office's schemes (考核方案), their rules and targets (``_office_configure``).
    ``scheme`` may be unsaved (``Scheme(office=…)``) to ask about creating one."""
    return _office_configure(r, scheme.office)


def _scheme_view(r: RoleMap, scheme) -> bool:
    """Whoever manages it or reads the office's scores sees any of its schemes (drafts
    too); the units the office assesses see the scheme in force (their rules)."""
    if _scheme_manage(r, scheme) or _scores_view_office(r, scheme.office):
        return True
    if scheme.status != "in_force":
        return False
    office = scheme.office  # its assessed units are the office's direct children
    mine = Unit.objects.filter(pk__in=list(r.by_unit), depth=office.depth + 1)
    return mine.filter(path__startswith=office.path).exists()


def _awards_decide(r: RoleMap, office: Unit) -> bool:
    """The year's awards: the chief editor sets the rules, overrides and confirms."""
    return office.is_office and r.has(office.pk, Role.CHIEF)


# --- circulars (通报) -------------------------------------------------------------


def _circular_issue(r: RoleMap, circular) -> bool:
    """Scoring notices are issued by the office's desk, duty notices by its duty office."""
    office = circular.office
    if circular.is_scoring:
        return _office_desk(r, office)
    return office.is_office and r.has(office.pk, {Role.DUTY, Role.CHIEF})


def _circular_view(r: RoleMap, circular) -> bool:
    """A draft: whoever may issue it. Once issued: also the units it assesses, the
    office's leaders, whoever reads the office's scores (scoring notices) or watches its
    duty (duty notices), and its administrators."""
    if _circular_issue(r, circular):
        return True
    if circular.state == "draft":
        return False
    # An issued notice goes to the units it assesses and to the office's leaders.
    if circular.office_id in r.reporting_to or r.has(circular.office_id, Role.LEADER):
        return True
    if circular.is_scoring:
        return _scores_view_office(r, circular.office)
    return r.has(circular.office_id, WATCH_ROLES) or _unit_manage(r, circular.office)


# --- configuration pages (配置管理) -------------------------------------------------


def _calendar_manage(r: RoleMap, _=None) -> bool:
    """Holidays and adjusted working days are one calendar for the whole deployment,
    entered by its administrators."""
    return bool(r.units_with(Role.ADMIN))


def _words_manage(r: RoleMap, _=None) -> bool:
    """The word lists the pre-submission checks use are kept by the offices' desks."""
    return bool(r.units_with(DESK_ROLES))


# --- security and audit (三员分立) -------------------------------------------------


def _security_offices(r: RoleMap) -> QuerySet:
    return Unit.objects.filter(pk__in=r.units_with(Role.SECURITY))


def _account_secure(r: RoleMap, user) -> bool:
    """Unlocking an account and resetting its two-factor device: the security
    administrators of an office whose tree holds one of the person's units. A locked
    user name with no account (``None``) any security administrator may clear."""
    offices = list(_security_offices(r))
    if user is None:
        return bool(offices)
    units = Unit.objects.filter(memberships__user=user).only("path")
    return any(unit.path.startswith(o.path) for o in offices for unit in units)


def _audit_view(r: RoleMap, _office) -> bool:
    """The change log: audit administrators only (``visible_changes`` scopes it)."""
    return bool(r.units_with(Role.AUDITOR))


# --- pages in the navigation ---------------------------------------------------------


def _holds(wanted: set[str]) -> Callable[[RoleMap, object], bool]:
    """A page check: the user holds one of ``wanted`` in some unit. Each page still
    scopes what it shows to those units (its selectors)."""
    return lambda r, _=None: bool(r.units_with(wanted))


# Pages of a unit's own work: they follow the roles held even for a superuser, who
# holds none by default and so has nothing there to draft, sign or decide.
UNIT_WORK_PAGES = {"page.write", "page.sign", "page.desk", "page.adopted", "page.tasks"}
# Roles that reach at least one settings page (web.config): the navigation shows
# 配置管理 to them without running the page checks on every request.
CONFIG_ROLES = ROSTER_ROLES | DESK_ROLES | {Role.ADMIN}


CHECKS: dict[str, Callable[[RoleMap, object], bool]] = {
    "item.view": _item_view,
    "item.edit": _item_edit,
    "item.attach": _item_edit,
    "item.change_credit": _item_change_credit,
    "item.submit": _item_write,
    "item.withdraw": _item_write,
    "item.sign_off": _item_sign,
    "item.reviewer_return": _item_sign,
    "item.return": _item_decide,
    "item.adopt": _item_decide,
    "item.reject": _item_decide,
    "item.reopen": _item_decide,
    "item.forward": _item_forward,
    "unit.write_items": _unit_write_items,
    "unit.manage": _unit_manage,
    # moving in (往年台账导入): records of units only their administrators may bring in
    "records.import": _unit_manage,
    # an upload on its way through the worker: its uploader (and a superuser)
    "records.run": lambda r, run: run.created_by_id == r.user_id,
    "office.desk": _office_desk,
    "issue.view": _issue_view,
    "issue.edit": _issue_edit,
    "issue.sign": _issue_sign,
    "publication.configure": _publication_configure,
    "publication.manage_external": _external_publications_manage,
    "item.annotate_on_behalf": _item_annotate_on_behalf,
    "task.view": _task_view,
    "task.feedback": _task_feedback,
    "task.close": _task_close,
    "task.urge": _task_close,  # the office that closes a task may urge its unit
    "solicitation.view": _solicitation_view,
    "item.tag_key_points": _item_tag_key_points,
    "office.watch": _office_watch,
    "office.take_calls": _office_take_calls,
    "event.view": _event_view,
    "unit.keep_roster": _unit_keep_roster,
    "scores.view_office": _scores_view_office,
    "scores.view_unit": _scores_view_unit,
    # circulars (通报)
    "circular.view": _circular_view,
    "circular.issue": _circular_issue,
    "awards.view": _scores_view_office,
    "awards.attest": _office_desk,
    "awards.decide": _awards_decide,
    # scoring schemes (考核方案)
    "scheme.view": _scheme_view,
    "scheme.manage": _scheme_manage,
    # configuration pages (配置管理)
    "office.configure": _office_configure,
    "calendar.manage": _calendar_manage,
    "words.manage": _words_manage,
    # security and audit duties
    "account.unlock": _account_secure,
    "account.reset_otp": _account_secure,
    "audit.read": _audit_view,
    # pages (the navigation offers a page where its check passes; ``shows_page``)
    # A writer of a top-level office has nowhere to send an item.
    "page.write": lambda r, _=None: bool(r.writing_units),
    "page.sign": _holds(SIGNER_ROLES),
    "page.desk": _holds(DESK_ROLES),
    "page.adopted": _holds({Role.LEADER}),
    "page.tasks": _holds(WRITER_ROLES | SIGNER_ROLES | DESK_ROLES),
    "page.emergency_board": _holds(WATCH_ROLES),
    "page.duty": _holds(ROSTER_ROLES),
    "page.scoring": _holds(set(Role) - OVERSIGHT_ROLES),
    # Whoever ``circulars.selectors.listable_offices`` finds an office for: the people of
    # an assessed unit, and an office's desk, duty, leaders and administrators.
    "page.circulars": lambda r, _=None: (
        bool(r.units_with(WATCH_ROLES | {Role.ADMIN})) or bool(r.reporting_to)
    ),
    "page.awards": _holds(DESK_ROLES | {Role.ADMIN}),
    # The same roles that make office_units / managed_units non-empty.
    "page.units": _holds(DESK_ROLES | {Role.ADMIN}),
    "page.issue_accounts": _holds({Role.ADMIN}),
    "page.records": _holds({Role.ADMIN}),
    "page.config": _holds(CONFIG_ROLES),
    # An office's own settings (考核方案与规则, 刊物与栏目): ``office.configure``'s people.
    "page.office_settings": _holds({Role.CHIEF, Role.ADMIN}),
    "page.security": _holds({Role.SECURITY}),
    "page.portal": _holds({Role.PORTAL_EDITOR, Role.CHIEF}),
    # the public portal
    "portal.view": _portal_view,
    "portal.edit": _portal_edit,
    "item.send_to_portal": _portal_send,
}


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def can(user, permission: str, obj) -> bool:
    if not _active(user):
        return False
    r = roles(user)
    if r.superuser:
        return True
    return CHECKS[permission](r, obj)


def shows_page(user, page: str) -> bool:
    """Whether the navigation offers ``page`` (a ``page.*`` or page-wide check)."""
    if page in UNIT_WORK_PAGES:
        return _active(user) and CHECKS[page](roles(user), None)
    return can(user, page, None)


def require_of(actor, permission: str, obj, message: str) -> None:
    """A service's own check, with its own message: ``actor`` None is the system
    (commands, the worker, the demo)."""
    if actor is not None and not can(actor, permission, obj):
        raise PermissionDenied(message)


def require(user, permission: str, obj) -> None:
    """Raise 404 if the user may not even see ``obj`` (its family's view check:
    ``"issue.view"`` for ``"issue.sign"``), 403 if they see it but may not act."""
    view_permission = f"{permission.partition('.')[0]}.view"
    if view_permission in CHECKS and not can(user, view_permission, obj):
        raise Http404
    if not can(user, permission, obj):
        raise PermissionDenied(FORBIDDEN)


def deny_unless(allowed: bool) -> None:
    """403 for decisions that span several objects ("watches any office") or add a
    condition to a check ("… and the event is still open")."""
    if not allowed:
        raise PermissionDenied(FORBIDDEN)


def visible_items(user) -> QuerySet:
    """Every item the user may see; the same filter as ``_item_view``, as a query."""
    qs = Item.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    r = roles(user)
    if r.superuser:
        return qs
    condition = Q(unit_id__in=r.units_with(WRITER_ROLES | SIGNER_ROLES))
    condition |= Q(office_id__in=r.units_with(DESK_ROLES), submission_count__gt=0)
    condition |= Q(office_id__in=r.units_with(Role.LEADER), state=State.ADOPTED)
    return qs.filter(condition)


def visible_issues(user) -> QuerySet:
    """Issues the user may open: the same filter as ``_issue_view``, as a query."""
    qs = Issue.objects.select_related("publication")
    if not _active(user):
        return qs.none()
    r = roles(user)
    if r.superuser:
        return qs
    released = Q(state=IssueState.RELEASED) & (
        Q(publication__office_id__in=r.units_with(Role.LEADER))
        | Q(recipients__user=user)
        | Q(recipients__unit_id__in=list(r.by_unit))
    )
    desk = Q(publication__office_id__in=r.units_with(DESK_ROLES))
    return qs.filter(desk | released).distinct()


def visible_tasks(user) -> QuerySet:
    """Supervision tasks of the user's offices and of their own units (``_task_view``)."""
    qs = SupervisionTask.objects.select_related("annotation__item", "unit", "office")
    r = roles(user)
    if r.superuser:
        return qs
    return qs.filter(Q(office_id__in=r.units_with(DESK_ROLES)) | Q(unit_id__in=list(r.by_unit)))


def leader_level(user, item: Item) -> int | None:
    """The level a leader annotates ``item`` at: their leadership of its office, else
    their highest leadership anywhere; None if they may not annotate it."""
    r = roles(user)
    if not r.leader_levels or not can(user, "item.view", item):
        return None
    return r.leader_levels.get(item.office_id) or max(r.leader_levels.values())


def visible_solicitations(user) -> QuerySet:
    """Solicitations of the user's offices and those addressed to their units."""
    r = roles(user)
    qs = Solicitation.objects.select_related("office")
    if r.superuser:
        return qs
    return qs.filter(
        Q(office_id__in=r.units_with(DESK_ROLES)) | Q(units__in=list(r.by_unit))
    ).distinct()


def solicitation_answer_units(user, solicitation: Solicitation) -> QuerySet:
    """Target units the user may answer for (the unit's writers)."""
    return solicitation.units.filter(pk__in=roles(user).units_with(WRITER_ROLES))


def visible_key_points(user) -> QuerySet:
    """Key points of the offices the user works at or reports to."""
    r = roles(user)
    qs = KeyPoint.objects.select_related("office")
    if r.superuser:
        return qs
    offices = set(r.by_unit)
    for unit in Unit.objects.filter(pk__in=list(r.by_unit)):
        superior = unit.superior_office()
        if superior is not None:
            offices.add(superior.pk)
    return qs.filter(office_id__in=offices)


def watched_offices(user) -> QuerySet:
    """Offices whose emergency board the user watches (``office.watch``)."""
    qs = Unit.objects.filter(kind="office")
    if not _active(user):
        return qs.none()
    r = roles(user)
    return qs if r.superuser else qs.filter(pk__in=r.units_with(WATCH_ROLES))


def visible_events(user) -> QuerySet:
    """Emergencies the user may open: the same filter as ``_event_view``, as a query."""
    from govdesk.emergencies.models import Event

    qs = Event.objects.select_related("office", "unit")
    if not _active(user):
        return qs.none()
    r = roles(user)
    if r.superuser:
        return qs
    return qs.filter(
        Q(unit_id__in=r.units_with(WRITER_ROLES | SIGNER_ROLES))
        | Q(office_id__in=r.units_with(WATCH_ROLES))
    )


def call_offices(user) -> list[Unit]:
    """Watched offices where the user takes calls (``office.take_calls``)."""
    return [o for o in watched_offices(user) if can(user, "office.take_calls", o)]


def roster_units(user) -> QuerySet:
    """Units whose duty roster the user keeps or checks (``unit.keep_roster``)."""
    r = roles(user)
    if r.superuser:
        return Unit.objects.filter(is_active=True)
    offices = r.units_with(CALL_ROLES)
    children = [
        c.pk for o in Unit.objects.filter(pk__in=offices) for c in Unit.objects.get_children(o)
    ]
    own = r.units_with(ROSTER_ROLES)
    return Unit.objects.filter(pk__in=[*own, *offices, *children], is_active=True)


def managed_units(user) -> QuerySet:
    """Units an administrator may configure: their offices' whole subtrees."""
    r = roles(user)
    if r.superuser:
        return Unit.objects.all()
    condition = Q(pk__in=[])
    for unit in Unit.objects.filter(pk__in=r.units_with(Role.ADMIN)):
        condition |= Q(path__startswith=unit.path)
    return Unit.objects.filter(condition)


def configurable_units(user) -> QuerySet:
    """Units whose configuration (publications, columns) the user may change: an
    administrator's subtrees, and the offices where the user is chief editor."""
    r = roles(user)
    if r.superuser:
        return Unit.objects.all()
    chief_of = Unit.objects.filter(pk__in=r.units_with(Role.CHIEF), kind="office")
    return Unit.objects.filter(
        Q(pk__in=managed_units(user).values("pk")) | Q(pk__in=chief_of.values("pk"))
    )


def configured_offices(user) -> QuerySet:
    """Active offices whose settings the user changes: the query form of
    ``office.configure`` (schemes, alert settings)."""
    return configurable_units(user).filter(kind="office", is_active=True)


def configurable_publications(user) -> QuerySet:
    """Publications whose settings the user may change (``publication.configure``)."""
    r = roles(user)
    qs = Publication.objects.filter(office__isnull=False).select_related("office")
    if r.superuser:
        return qs
    offices = Q(office_id__in=r.units_with(Role.CHIEF)) | Q(
        office_id__in=managed_units(user).values("pk")
    )
    return qs.filter(offices)


def _subtrees(offices, field: str = "path") -> Q:
    condition = Q(pk__in=[])
    for office in offices:
        condition |= Q(**{f"{field}__startswith": office.path})
    return condition


def office_units(user) -> QuerySet:
    """The trees of the offices where the user administers, edits or chief-edits:
    each such office and every unit under it."""
    condition = _subtrees(desk_offices(user))
    return Unit.objects.filter(condition | Q(pk__in=managed_units(user).values("pk")))


def visible_units(user) -> QuerySet:
    """Units whose names and people the user may look up: their own units and the
    trees of their offices (see ``office_units``)."""
    own = list(roles(user).by_unit)
    return Unit.objects.filter(Q(pk__in=own) | Q(pk__in=office_units(user).values("pk")))


def desk_offices(user) -> QuerySet:
    """Offices where the user works as editor or chief editor."""
    r = roles(user)
    qs = Unit.objects.filter(kind="office")
    return qs if r.superuser else qs.filter(pk__in=r.units_with(DESK_ROLES))


def writer_units(user) -> QuerySet:
    """Units the user may write items for: the query form of ``unit.write_items``.
    Top-level units (depth 1) are offices with no superior to send to."""
    return Unit.objects.filter(pk__in=roles(user).writing_units)


def _people_of(offices) -> QuerySet:
    """Ids of everyone holding a role in the trees of ``offices``."""
    return Membership.objects.filter(_subtrees(offices, field="unit__path")).values("user_id")


def secured_people(user) -> QuerySet:
    """Ids of the people whose accounts ``user`` unlocks and whose devices they reset."""
    r = roles(user)
    if r.superuser:
        return Membership.objects.values("user_id")
    return _people_of(_security_offices(r))


def visible_changes(user) -> QuerySet:
    """The change log an audit administrator reads: what the people of their offices'
    trees did, and the events with no signed-in actor (failed logins, the system)."""
    from govdesk.audit.models import Change

    qs = Change.objects.select_related("actor", "target_type")
    if not _active(user):
        return qs.none()
    r = roles(user)
    if r.superuser:
        return qs
    offices = Unit.objects.filter(pk__in=r.units_with(Role.AUDITOR))
    if not offices:
        return qs.none()
    return qs.filter(Q(actor__isnull=True) | Q(actor_id__in=_people_of(offices)))
