"""Build the demo deployment through the services, as if it had run for N months.

Three stages, all driven by one ``random.Random(seed)``:

1. ``_structure``: units (``unit_create``), people, roles, categories, publications
   (``publications_install_preset``), backdated to just before the first month.
2. ``_plan``: every item's whole life as a list of timed steps (create, submit,
   return with a reason, revise, sign off, adopt into a column, reject, forward to the
   city …). Planning never looks at the clock, so the same seed plans the same items.
3. ``_execute``: each step runs through ``govdesk.items.services`` inside
   ``clock.frozen_at(step.at)``; steps later than the end moment are skipped, which
   leaves the most recent items waiting in drafts, inboxes and desks like a live system.

A small showcase set in the last three working days guarantees that every state
exists and that the printed logins land on non-empty to-do lists.
"""

import random
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from govdesk.accounts.models import PasswordHistory, Role, User
from govdesk.accounts.services import membership_grant
from govdesk.audit.dispatch import muted
from govdesk.audit.services import record
from govdesk.bulletins import services as issues
from govdesk.demo import catalogue as cat
from govdesk.demo import content
from govdesk.demo.habits import (
    CITY_PLACES,
    COUNTY_PLACES,
    DEPT_FORMS,
    FORM_MERIT,
    FORWARD_ODDS,
    NATURAL_PACE,
    POINT_FORMS,
    TOWN_FORMS,
    is_workday,
)
from govdesk.demo.office_settings import office_settings_build
from govdesk.demo.past import awards_demo_confirm, circulars_issue_past_months
from govdesk.demo.portal import portal_build
from govdesk.demo.texts import DOMAINS
from govdesk.demo.texts import events as ev
from govdesk.emergencies import services as emergencies
from govdesk.emergencies.alerting import alert_settings_update
from govdesk.emergencies.duty import period_days, roster_fill
from govdesk.emergencies.models import Severity
from govdesk.items import services as items
from govdesk.items.models import Item, State
from govdesk.lib import clock
from govdesk.notifications import delivery
from govdesk.notifications.models import Delivery, DeliveryStatus
from govdesk.publications.models import Adoption, Publication
from govdesk.publications.services import (
    publication_external_create,
    publication_set_distribution,
    publications_install_preset,
)
from govdesk.scoring import subscribers as scoring_subscribers
from govdesk.scoring.models import Scheme, Target
from govdesk.scoring.services import ledger_rebuild, scheme_install_preset
from govdesk.units.models import Level, Unit, UnitKind
from govdesk.units.services import unit_category_set, unit_create

DEMO_PASSWORD = "Demo#2026"
# A reserved top-level domain (RFC 2606): demo addresses reach no one.
DEMO_MAIL_DOMAIN = "xinxi.example"
DEMO_DUTY_PHONE = "0000-6120110"
TZ = ZoneInfo(settings.TIME_ZONE)
# The county's annual targets by unit kind at scale 1 (they follow --scale): about two
# thirds of the townships and half of the departments reach them in the demo's numbers.
COUNTY_TARGETS = {UnitKind.TOWNSHIP: 60, UnitKind.DEPARTMENT: 40}
# Forms filed through the emergency module (report first, sign after): never left as drafts.
REPORT_FORMS = ("emergency", "followup")
REOPEN_NOTE = "经主编复核，该信息可作为专题素材，撤销不予采用，重新研究。"
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


@dataclass
class Step:
    at: datetime
    action: str
    actor: User
    reason: str = ""
    fields: dict | None = None
    note: str = ""
    place: tuple | None = None  # (publication code, column name, kind) for adopt
    then: list["Step"] = field(default_factory=list)  # forward: the copy's own steps
    # report: the emergency facts, and which event it opens or follows up (see _apply)
    facts: dict | None = None
    event: str = ""


@dataclass
class Planned:
    unit: Unit
    created: datetime
    steps: list[Step]


@dataclass
class Login:
    role: str
    unit: str
    username: str
    full_name: str


# The accounts `load_demo` prints: one per role, each with something on its to-do list.
DEMO_LOGINS = [
    ("信息员", "chengguan_officer"),
    ("审核人", "chengguan_reviewer"),
    ("编辑", "county_editor1"),
    ("主编", "county_chief"),
    ("领导（县级·县长）", "county_leader1"),
    ("值班员", "county_duty"),
    ("管理员", "county_admin"),
    ("安全管理员", "county_security"),
    ("安全审计员", "county_auditor"),
    ("网站编辑", "county_web"),
    ("编辑", "city_editor"),
    ("领导（市级·副市长）", "city_leader"),
]


def demo_logins() -> list[Login]:
    """The printed demo accounts as they stand in the database (empty if not loaded)."""
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[name for _, name in DEMO_LOGINS]
        ).prefetch_related("memberships__unit")
    }
    return [
        Login(role, users[name].memberships.all()[0].unit.name, name, users[name].full_name)
        for role, name in DEMO_LOGINS
        if name in users
    ]


@dataclass
class Result:
    units: int = 0
    users: int = 0
    items: int = 0
    adoptions: int = 0
    forwards: int = 0
    by_state: dict = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)


class Builder:
    def __init__(
        self,
        *,
        seed: int,
        months: int,
        scale: float,
        end: datetime,
        progress: Callable[[str], None] = lambda line: None,
    ):
        self.progress = progress  # told each phase and, while items are made, every tenth
        self.rng = random.Random(seed)
        self.scale = scale
        self.end = end.astimezone(TZ)
        last = self.end.date()
        start = _months_before(last, months)
        self.days = [start + timedelta(days=i) for i in range((last - start).days + 1)]
        self.setup_at = datetime.combine(start - timedelta(days=10), time(9, 0), TZ)
        self.password = make_password(DEMO_PASSWORD)
        self.used_titles: set[str] = set()
        self.plans: list[Planned] = []
        self.events: dict[str, int] = {}  # a planned emergency's key -> its Event id

    # --- 1. structure -----------------------------------------------------------------

    def build(self) -> Result:
        say = self.progress
        with transaction.atomic():
            say("1/7 单位、账号和刊物……")
            with clock.frozen_at(self.setup_at):
                self._structure()
            say(f"    单位 {Unit.objects.count()} 个，账号 {User.objects.count()} 个")
            say("2/7 编排报送计划……")
            self._plan()
            self._showcase()
            say(f"    计划 {len(self.plans)} 组（每组一条信息或一次突发事件的全过程）")
            say(f"3/7 按时间顺序报送、审核、采用（{len(self.days)} 天）……")
            self._execute()
            say(f"    信息 {Item.objects.count()} 条，采用记录 {Adoption.objects.count()} 条")
            say("4/7 紧急信息的提醒发送记录……")
            self._deliveries()
            say("5/7 考核方案、计分明细、月度通报和评先名单……")
            self._schemes()
            say("6/7 已印发的《快讯》……")
            self._bulletins()
            office_settings_build(
                chief=self.chief,
                editor=self.editors[0],
                county=self.county,
                setup_at=self.setup_at,
                end=self.end,
            )
            self._duty()
            self._security_staff()
            self._portal()
            say("7/7 写入数据库……")
        return self._result()

    def _duty(self) -> None:
        """The county's alert settings (the county head alerted with the duty officer,
        by e-mail too) and the duty office's roster for the last month, entered by the
        duty officer: the three county leaders in turn, two officers alternating."""
        county = self.county
        with clock.frozen_at(self.setup_at):
            alert_settings_update(
                actor=self.chief,
                office=county,
                leaders=self.leaders[:1],
                duty_officers=[self.duty],
                email=True,
                escalate_after_minutes=15,
                remind_before_minutes=60,
                follow_up_hours=6,
            )
        days = period_days(period="month", start=self.end.date())
        officers = [self.duty.full_name, self.editors[1].full_name]
        rows = [
            {
                "day": day,
                "leader": self.leaders[n % len(self.leaders)].full_name,
                "officer": officers[n % 2],
                "phone": DEMO_DUTY_PHONE,
            }
            for n, day in enumerate(days)
        ]
        with clock.frozen_at(datetime.combine(days[0], time(9, 0), TZ)):
            roster_fill(actor=self.duty, unit=county, rows=rows)

    def _bulletins(self) -> None:
        """Released 《快讯》 issues for the last three months, from what was adopted in
        each, sent to the county leaders and copied to the townships."""
        kuaixun = Publication.objects.get(office=self.county, code="kuaixun")
        townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP))
        self._default_distributions(townships)
        last = self.end.date().replace(day=1)
        for back in (3, 2, 1):
            month_start = _months_before(last, back)
            adopted = (
                Adoption.objects.filter(
                    publication=kuaixun,
                    adopted_at__date__gte=month_start,
                    adopted_at__date__lt=_months_before(last, back - 1),
                )
                .order_by("adopted_at")
                .values_list("item_id", flat=True)[:6]
            )
            if not adopted:
                continue
            released_at = datetime.combine(
                _months_before(last, back - 1) - timedelta(days=1), time(16, 30), TZ
            )
            with clock.frozen_at(released_at):
                issue = issues.issue_create(actor=self.editors[0], publication=kuaixun)
                for item_id in adopted:
                    issues.entry_add(actor=self.editors[0], issue_id=issue.pk, item_ids=[item_id])
                issues.issue_sign(actor=self.chief, issue_id=issue.pk)
                issues.issue_release(actor=self.chief, issue_id=issue.pk)

    def _default_distributions(self, townships: list[Unit]) -> None:
        """The county's default distributions (刊物设置): 《快讯》 goes to the county
        leaders and is copied to every township; 《专报信息》 goes to the leaders and up
        to the city office. Issues start from these."""
        defaults = {
            "kuaixun": {"send_users": self.leaders, "copy_units": townships},
            "zhuanbao": {"send_users": self.leaders, "send_units": [self.city]},
        }
        with clock.frozen_at(self.setup_at):
            for code, chosen in defaults.items():
                publication = Publication.objects.get(office=self.county, code=code)
                publication_set_distribution(
                    actor=self.chief, publication_id=publication.pk, **chosen
                )

    def _schemes(self) -> None:
        """The seed schemes in force for every year the items span, with the county's own
        annual targets (范文2 leaves them to the county), their ledgers built from the
        events in one pass (cheaper than pricing each event as it happens); this year's
        monthly notices issued, last year's awards confirmed by the chief editor."""
        with clock.frozen_at(self.end):
            for year in sorted({day.year for day in self.days}):
                for office, preset in ((self.county, "county"), (self.city, "city")):
                    scheme = scheme_install_preset(
                        actor=None, office=office, year=year, preset=preset
                    )
                    if office == self.county:
                        county_scheme = scheme
                        for kind, points in COUNTY_TARGETS.items():
                            Target.objects.create(
                                scheme=scheme,
                                unit_kind=kind,
                                points=round(points * self.scale),
                                source="县政府办公室下达的年度目标（演示数据）",
                            )
                    ledger_rebuild(actor=None, scheme=scheme, reason="加载演示数据")
            if self.days[0] <= date(self.end.year - 1, 1, 31):
                awards_demo_confirm(actor=self.chief, office=self.county, year=self.end.year - 1)
        circulars_issue_past_months(actor=self.chief, scheme=county_scheme, until=self.end.date())

    def _person(self, username: str, *, email: bool = False) -> User:
        """A demo account: the shared password, no forced change (unlike ``user_create``,
        which mails a random one), so the printed logins work at once. Those alerted by
        e-mail (the duty officer, the county head, the chief editor on escalation) get an
        address on a reserved domain."""
        while True:
            name = self.rng.choice(cat.SURNAMES) + self.rng.choice(cat.GIVEN_NAMES)
            if name not in self.names:
                break
        self.names.add(name)
        user = User(
            username=username,
            full_name=name,
            password=self.password,
            phone=f"内线{self.rng.randint(6100, 6999)}",
            email=f"{username}@{DEMO_MAIL_DOMAIN}" if email else "",
            must_change_password=False,
            date_joined=self.setup_at,
        )
        user.save()
        # The shared password counts from the day the demo is loaded, not from its
        # back-dated setup, so it has not expired (GOVDESK_PASSWORD_MAX_AGE_DAYS).
        PasswordHistory.objects.create(user=user, password=user.password, set_at=timezone.now())
        record(
            actor=None,
            action="account.created",
            target=user,
            summary=f"演示数据开通账号“{username}”（{name}）",
        )
        return user

    def _security_staff(self) -> None:
        """The security and the audit administrator of the county (三员分立 with
        county_admin); made last so the rest of the demo draws the same names."""
        for username, role, title in (
            ("county_security", Role.SECURITY, "县政府办信息中心安全管理员"),
            ("county_auditor", Role.AUDITOR, "县政府办机关纪委干部"),
        ):
            self._grant(self._person(username), self.county, role, title)

    def _portal(self) -> None:
        """The county's 网站编辑 and its portal (``demo.portal``); made after the security
        staff so the rest of the demo draws the same names."""
        editor = self._person("county_web")
        self._grant(editor, self.county, Role.PORTAL_EDITOR, "县政府网络信息中心编辑")
        portal_build(county=self.county, editor=editor, end=self.end)

    def _grant(self, user: User, unit: Unit, role: str, title: str = "", level=None) -> None:
        """Through ``membership_grant``, audited like an administrator's own grant.
        The county administrator grants within the county; the system does the city."""
        actor = self.admin if unit.path.startswith(self.county.path) else None
        membership_grant(
            actor=actor, user=user, unit=unit, role=role, leader_level=level, title=title
        )

    def _structure(self) -> None:
        rng = self.rng
        self.names: set[str] = set()
        self.admin = self._person("county_admin")
        self.city = unit_create(
            actor=self.admin,
            parent=None,
            name=cat.CITY_OFFICE,
            short_name="市政府办",
            kind="office",
            level=Level.CITY,
        )
        self.county = unit_create(
            actor=self.admin,
            parent=self.city,
            name=cat.COUNTY_OFFICE,
            short_name="县政府办",
            kind="office",
            level=Level.COUNTY,
        )
        membership_grant(
            actor=None,
            user=self.admin,
            unit=self.county,
            role=Role.ADMIN,
            title="县政府办信息中心工程师",
        )
        self.units: dict[str, tuple[cat.UnitSpec, Unit]] = {}
        specs = [*cat.TOWNSHIPS, *cat.DEPARTMENTS, *cat.OTHERS]
        for spec in specs:
            extra = {}
            if spec.counterpart:
                extra["counterpart"] = self.units[spec.counterpart][1]
            unit = unit_create(
                actor=self.admin,
                parent=self.county,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                **extra,
            )
            self.units[spec.code] = (spec, unit)
        for spec in cat.CITY_DEPARTMENTS:
            unit = unit_create(
                actor=self.admin,
                parent=self.city,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
            )
            self.units[spec.code] = (spec, unit)

        # Assessment categories per year (政务信息通报范文6 三、考核分类指标).
        # 2025 and 2026 as in the catalogue, plus any other year the items span.
        years = sorted({2025, 2026, *range(self.days[0].year, self.days[-1].year + 1)})
        for year in years:
            index = 0 if year <= 2025 else 1
            unit_category_set(
                actor=None, unit=self.county, year=year, category="A", note="县（市、区）A类"
            )
            for spec, unit in self.units.values():
                unit_category_set(actor=None, unit=unit, year=year, category=spec.category[index])

        # People: an officer and a reviewer per reporting unit, the offices' desks and leaders.
        self.people: dict[str, dict[str, User]] = {}
        for code, (spec, unit) in self.units.items():
            officer = self._person(f"{code}_officer")
            reviewer = self._person(f"{code}_reviewer")
            self._grant(officer, unit, Role.OFFICER, spec.officer_title)
            self._grant(reviewer, unit, Role.REVIEWER, spec.reviewer_title)
            self.people[code] = {"officer": officer, "reviewer": reviewer}
        county, city = self.county, self.city
        self.editors = [self._person("county_editor1"), self._person("county_editor2")]
        self._grant(self.editors[0], county, Role.EDITOR, "信息调研科副科长")
        self._grant(self.editors[1], county, Role.EDITOR, "信息调研科科员")
        self.chief = self._person("county_chief", email=True)
        self._grant(self.chief, county, Role.CHIEF, "信息调研科科长")
        self.duty = self._person("county_duty", email=True)
        self._grant(self.duty, county, Role.DUTY, "县政府总值班室值班员")
        leader_titles = ("县长", "县委常委、常务副县长", "副县长")
        self.leaders = []
        for i, title in enumerate(leader_titles, start=1):
            leader = self._person(f"county_leader{i}", email=i == 1)  # alerted (``_duty``)
            self._grant(leader, county, Role.LEADER, title, Level.COUNTY)
            self.leaders.append(leader)
        self.city_editor = self._person("city_editor")
        self._grant(self.city_editor, city, Role.EDITOR, "市政府办信息科科员")
        self.city_leader = self._person("city_leader")
        self._grant(self.city_leader, city, Role.LEADER, "副市长", Level.CITY)

        publications_install_preset(actor=self.admin, office=county, preset="county")
        publications_install_preset(actor=self.admin, office=city, preset="city")
        for level, issuer, name, kinds in cat.EXTERNAL_PUBLICATIONS:
            publication_external_create(
                actor=self.admin, name=name, level=level, issuer=issuer, adoption_kinds=kinds
            )
        self.pubs = {
            (p.office_id, p.code): p for p in Publication.objects.prefetch_related("columns")
        }
        self.columns = {(p.pk, c.name): c for p in self.pubs.values() for c in p.columns.all()}

        # What templates may name: villages, towns, the leaders who chair meetings.
        towns = [s.short_name for s in cat.TOWNSHIPS]
        self.town_villages = {}
        self.unit_ctx = {}
        for spec in cat.TOWNSHIPS:
            count = rng.randint(14, 34) if spec.sub_places == "village" else rng.randint(4, 8)
            self.town_villages[spec.short_name] = self._villages(count)
        for code, (spec, _unit) in self.units.items():
            self.unit_ctx[code] = self._unit_context(spec)
        self.world = {
            "towns": towns,
            "town_villages": self.town_villages,
            "vices": [
                (t, u.full_name) for t, u in zip(leader_titles[1:], self.leaders[1:], strict=True)
            ],
        }

    def _villages(self, count: int) -> list[str]:
        names: list[str] = []
        while len(names) < count:
            if self.rng.random() < 0.6:
                name = (
                    self.rng.choice(cat.VILLAGE_FIRST) + self.rng.choice(cat.VILLAGE_SECOND) + "村"
                )
            else:
                name = self.rng.choice(cat.VILLAGE_NATURE) + "村"
            if name not in names:
                names.append(name)
        return names

    def _unit_context(self, spec: cat.UnitSpec) -> dict:
        rng = self.rng
        villages = communities = []
        if spec.kind == "township" and spec.sub_places == "village":
            villages = list(self.town_villages[spec.short_name])
            scope_n = f"{len(villages)}个行政村"
            visit = "走访{village}等{6~15}个村（社区）"
        elif spec.kind == "township":
            communities = rng.sample(cat.COMMUNITIES, rng.randint(6, 10))
            villages = communities + self.town_villages[spec.short_name]
            scope_n = f"{len(communities)}个社区"
            visit = "走访{community}等{4~9}个社区"
        elif spec.kind == "grassroots":
            place = spec.extra["place"]
            size = rng.randint(6, 12)
            if place.endswith("村"):
                villages = [f"{place}{NUMERALS[i]}组" for i in range(size)]
                scope_n = f"{size}个村民小组"
            elif place.endswith("社区"):
                villages = [f"{place}第{NUMERALS[i]}网格" for i in range(size)]
                scope_n = f"{size}个网格"
            else:
                scope_n = f"{size}个临床科室"
            visit = "走访" + place + "{20~60}户群众"
        elif spec.code.startswith("shi_"):
            scope_n = f"{len(cat.CITY_COUNTIES)}个县（市、区）"
            visit = "深入{county}等{3~6}个县（市、区）"
        else:
            scope_n = f"{len(cat.TOWNSHIPS)}个乡镇（街道）"
            visit = "深入{town}、{town2}等{4~10}个乡镇（街道）"
        unit_name = spec.extra.get("place", spec.short_name)
        return {
            "unit": unit_name,
            "unit_full": spec.name,
            "self": spec.self_ref,
            "scope": spec.scope,
            "scope_n": scope_n,
            "visit": visit,
            "villages": villages,
            "communities": communities,
            "crop": rng.choice(cat.CROPS),
            "is_department": spec.kind in ("department", "dev_zone", "liaison"),
        }

    # --- 2. planning ------------------------------------------------------------------

    def _at_business(self, moment: datetime) -> datetime:
        """The same moment if in office hours, else the start of the next working morning."""
        rng = self.rng
        local = moment.astimezone(TZ)
        day = local.date()
        if is_workday(day) and time(8, 30) <= local.time() <= time(18, 0):
            return local
        if not (is_workday(day) and local.time() < time(8, 30)):
            day += timedelta(days=1)
            while not is_workday(day):
                day += timedelta(days=1)
        return datetime.combine(day, time(8, 30), TZ) + timedelta(minutes=rng.randint(5, 70))

    def _after(self, moment: datetime, lo: float, hi: float) -> datetime:
        """Some minutes later, within office hours."""
        return self._at_business(moment + timedelta(minutes=self.rng.uniform(lo, hi)))

    def _plan(self) -> None:
        rng = self.rng
        reporting = [code for code in self.units if code in self.people]
        quality = {}
        for code in reporting:
            spec = self.units[code][0]
            base = {"A": 0.66, "B": 0.56, "C": 0.48}[spec.category[1]]
            quality[code] = base + rng.uniform(-0.06, 0.06)
        lull: dict[tuple[str, int, int], float] = {}
        for day in self.days:
            weekday = is_workday(day)
            for code in reporting:
                spec = self.units[code][0]
                key = (code, day.year, day.month)
                if key not in lull:
                    lull[key] = 0.15 if rng.random() < 0.07 else 1.0
                rate = spec.activity * self.scale * lull[key] / 21.75
                if rng.random() < (rate if weekday else rate * 0.04):  # little weekend work
                    self._plan_routine(code, day, quality[code])
                if rng.random() < 0.0035 * self.scale:
                    self._plan_emergency(code, day, quality[code])
        self.plans.sort(key=lambda p: p.created)

    def _topic(self, code: str, month: int, form: str) -> tuple[str, dict]:
        spec = self.units[code][0]
        topics = [
            t for d in spec.domains for t in DOMAINS[d] if not t["months"] or month in t["months"]
        ]
        if not topics:  # out of season: every unit answers for safety in its own line of work
            topics = [t for t in DOMAINS["safety"] if not t["months"]]
        if form == "people":
            voiced = [t for t in topics if t["voices"]]
            if not voiced:
                return "suggestion", self.rng.choice(topics)
            return form, self.rng.choice(voiced)
        return form, self.rng.choice(topics)

    def _compose(self, code: str, form: str, event: datetime, created: datetime) -> content.Draft:
        """An item with a title no other item has: other forms and topics if need be."""
        spec = self.units[code][0]
        context = self._context(code, event, created)
        for attempt in range(5):
            form, topic = self._topic(
                code, created.month, form if attempt == 0 else self._form(spec)
            )
            draft = content.compose(
                self.rng, form=form, topic=topic, context=context, used=self.used_titles
            )
            if draft is not None:
                return draft
        draft = content.compose(
            self.rng, form=form, topic=topic, context=context, used=set(), tries=1
        )
        draft.title = content.unique_title(
            draft.title, self.used_titles, f"{created.month}月{created.day}日"
        )
        return draft

    def _form(self, spec: cat.UnitSpec) -> str:
        weights = {"township": TOWN_FORMS, "grassroots": POINT_FORMS}.get(spec.kind, DEPT_FORMS)
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _context(self, code: str, event: datetime, created: datetime) -> dict:
        return content.item_context(self.rng, self.unit_ctx[code], self.world, event, created)

    def _plan_routine(self, code: str, day: date, quality: float) -> None:
        rng = self.rng
        spec = self.units[code][0]
        if rng.random() < 0.08:
            start = time(19, 0)
            minutes = rng.randint(0, 150)
        else:
            start = time(8, 40)
            minutes = rng.randint(0, 540)
        created = datetime.combine(day, start, TZ) + timedelta(minutes=minutes)
        event = created - timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
        draft = self._compose(code, self._form(spec), event, created)
        form = draft.form
        if (
            form in ("dynamic", "comprehensive")
            and spec.kind != "grassroots"
            and not spec.code.startswith("shi_")
            and rng.random() < 0.05
        ):
            draft.solicited = True
            draft.keywords += ",约稿"
            draft.parts.insert(
                1, content.Part("solicit", "根据县政府办公室信息约稿要求，现将有关情况报告如下。")
            )
        self.plans.append(
            Planned(self.units[code][1], created, self._lifecycle(code, draft, created, quality))
        )

    def _plan_emergency(
        self, code: str, day: date, quality: float, *, at: datetime | None = None, final=True
    ) -> None:
        """An incident as the emergency module sees it: a written report filed within
        the limit (now and then after it, which the system charges as 迟报), the duty
        officer's acknowledgement, and a final report (终报) within hours."""
        rng = self.rng
        spec = self.units[code][0]
        incidents = [
            i
            for i in ev.INCIDENTS
            if set(i["domains"]) & set(spec.domains)
            and (not i.get("months") or day.month in i["months"])
        ]
        if not incidents or spec.code.startswith("shi_"):
            return
        hour = rng.choices(range(24), weights=[1] * 6 + [3] * 16 + [1] * 2)[0]
        event = at or datetime.combine(day, time(hour, rng.randint(0, 59)), TZ)
        learned = event + timedelta(minutes=rng.randint(5, 30))
        # Now and then filed after the 2-hour limit (the system charges 迟报).
        delay = rng.randint(150, 300) if rng.random() < 0.06 else rng.randint(15, 70)
        created = learned + timedelta(minutes=delay)
        # The final report within the office's follow-up interval (6 hours by default).
        follow_at = created + timedelta(minutes=rng.randint(100, 340))
        context = self._context(code, event, created)
        context["fdate"] = f"{follow_at.month}月{follow_at.day}日"
        incident = rng.choice(incidents)
        first, follow = content.compose_emergency(
            rng, incident=incident, context=context, used=self.used_titles
        )
        key = f"{code}-{event:%Y%m%d%H%M}"
        facts = {
            "occurred_at": event,
            "learned_at": learned,
            "place": context.get("village") or self.units[code][1].name,
            "category": incident["category"],
            "severity": Severity.ORDINARY if rng.random() < 0.9 else Severity.LARGE,
            "trend": "已得到控制" if rng.random() < 0.8 else "仍在处置中",
            "measures": first.parts[-1].text,
        }
        unit = self.units[code][1]
        fast = self._fast_pace
        steps = self._as_report(self._lifecycle(code, first, created, 0.9, pace=fast), facts, key)
        self.plans.append(Planned(unit, created, steps))
        if final:
            steps = self._lifecycle(code, follow, follow_at, quality)
            self.plans.append(Planned(unit, follow_at, self._as_report(steps, facts, key)))

    def _as_report(self, steps: list[Step], facts: dict, key: str) -> list[Step]:
        """Filing an emergency report creates and submits the item in one step; the
        duty officer acknowledges each arrival within minutes, at any hour."""
        create, _submit, *rest = steps
        report = Step(create.at, "report", create.actor, fields=create.fields, facts=facts)
        report.event = key
        steps = [report, *rest]
        for arrival in [s for s in steps if s.action in ("report", "submit")]:
            seen = arrival.at + timedelta(minutes=self.rng.uniform(3, 25))
            steps.append(Step(seen, "acknowledge", self.duty, event=key))
        return sorted(steps, key=lambda s: s.at)

    def _fast_pace(self, moment: datetime, step: str) -> datetime:
        minutes = {
            "submit": (5, 20),
            "sign": (5, 30),
            "decide": (15, 90),
            "forward": (10, 40),
            "city_decide": (40, 240),
        }.get(step, (30, 300))
        return moment + timedelta(minutes=self.rng.uniform(*minutes))

    def _natural_pace(self, moment: datetime, step: str) -> datetime:
        """Minutes until the next step: mostly prompt, with a tail of slow days."""
        quick, slow, share_slow = NATURAL_PACE[step]
        lo, hi = slow if self.rng.random() < share_slow else quick
        return self._after(moment, lo, hi)

    def _fields(self, code: str, draft: content.Draft, title: str, body: str) -> dict:
        officer = self.people[code]["officer"]
        return {
            "title": title,
            "body": body,
            "kind": draft.kind,
            "urgency": draft.urgency,
            "public_release": draft.release,
            "topics": draft.keywords[:200],
            "writer": officer.full_name,
            "contact_phone": officer.phone,
        }

    def _lifecycle(
        self,
        code: str,
        draft: content.Draft,
        created: datetime,
        quality: float,
        *,
        pace: Callable[[datetime, str], datetime] | None = None,
        force: dict | None = None,
    ) -> list[Step]:
        """Every step of one item's life, decided up front (see module docstring)."""
        rng = self.rng
        pace = pace or self._natural_pace
        force = force or {}
        officer, reviewer = self.people[code]["officer"], self.people[code]["reviewer"]
        at_city = code.startswith("shi_")
        editors = [self.city_editor] if at_city else [*self.editors, *self.editors, self.chief]

        # Decide the story first: the first version's text depends on who sends it back.
        ending = force.get("ending")
        if ending is None:
            merit = min(0.95, quality * FORM_MERIT[draft.form])
            roll = rng.random()
            if rng.random() < 0.025 and draft.form not in REPORT_FORMS:
                ending = "draft"
            elif roll < 0.07:
                ending = "reviewer_return"
            elif roll < 0.07 + 0.12 * (0.3 if draft.form in REPORT_FORMS else 1):
                ending = "editor_return"
            else:
                ending = "adopt" if rng.random() < merit else "reject"
        reasons = {"reviewer_return": ev.REVIEWER_RETURNS, "editor_return": ev.EDITOR_RETURNS}.get(
            ending
        )
        final_title, final_body = draft.title, draft.body()
        title, body = final_title, final_body
        reason = ""
        if reasons:
            fitting = [r for r in reasons if r[1] in draft.weaknesses()]
            reason, weakness = rng.choice(fitting)
            title, body = draft.first_version(weakness)

        t = created
        steps = [Step(t, "create", officer, fields=self._fields(code, draft, title, body))]
        if ending == "draft" or force.get("stop") == "draft":
            return steps
        t = pace(t, "submit")
        steps.append(Step(t, "submit", officer))
        if force.get("stop") == "pending":
            return steps

        def revise_and_resubmit(t, note: str):
            t = pace(t, "revise")
            fields = {"title": final_title, "body": final_body}
            steps.append(Step(t, "revise", officer, fields=fields, note=note))
            t = pace(t, "resubmit")
            steps.append(Step(t, "submit", officer))
            return t

        if ending == "reviewer_return":
            t = pace(t, "sign")
            steps.append(Step(t, "reviewer_return", reviewer, reason=reason))
            if force.get("stop") == "returned" or (not force and rng.random() < 0.1):
                return steps
            t = revise_and_resubmit(t, "按审核意见修改")
            ending = force.get("then") or ("adopt" if rng.random() < quality else "reject")
        t = pace(t, "sign")
        steps.append(Step(t, "sign_off", reviewer))
        if force.get("stop") == "submitted":
            return steps
        editor = rng.choice(editors)
        t = pace(t, "decide")
        if ending == "editor_return":
            steps.append(Step(t, "return", editor, reason=reason))
            if force.get("stop") == "returned" or (not force and rng.random() < 0.2):
                return steps
            t = revise_and_resubmit(t, "按编辑意见修改")
            t = pace(t, "sign")
            steps.append(Step(t, "sign_off", reviewer))
            if force.get("stop") == "resubmitted":
                return steps
            t = pace(t, "decide")
            ending = force.get("then") or ("adopt" if rng.random() < 0.65 else "reject")
        if ending == "reject":
            steps.append(Step(t, "reject", editor, reason=rng.choice(ev.REJECT_NOTES)))
            if force.get("reopen"):  # the chief thinks again: back on the desk (撤销不予采用)
                steps.append(Step(pace(t, "decide"), "reopen", self.chief, reason=REOPEN_NOTE))
            return steps
        # Adopted: perhaps trimmed by the editor first, perhaps a second publication too.
        if "next" in draft.weaknesses() and rng.random() < 0.15:
            steps.append(
                Step(
                    t,
                    "edit",
                    editor,
                    fields={"body": draft.body(weaker="next")},
                    note="编辑删减“下一步”表述",
                )
            )
            t = pace(t, "edit")
        places = CITY_PLACES if at_city else COUNTY_PLACES
        first = self._place(places, draft)
        if draft.solicited and first[1]:
            first = (first[0], first[1], "solicited")
        steps.append(
            Step(t, "adopt", editor, place=first, note="约稿信息" if draft.solicited else "")
        )
        options = [p for p in places.get(draft.form, places.get("default", [])) if p[0] != first[0]]
        if options and rng.random() < 0.08:
            second = rng.choices(options, weights=[p[3] for p in options])[0][:3]
            steps.append(Step(pace(t, "second"), "adopt", rng.choice(editors), place=second))
        if at_city:
            return steps
        odds = FORWARD_ODDS.get(draft.form, 0) * (0.6 + quality * 0.6)
        if force.get("forward") or (not force and rng.random() < odds):
            t = pace(t, "forward")
            steps.append(
                Step(
                    t,
                    "forward",
                    rng.choice(self.editors),
                    then=self._city_steps(draft, t, pace, force),
                )
            )
            steps.sort(key=lambda s: s.at)
        return steps

    def _place(self, places: dict, draft: content.Draft) -> tuple:
        options = places.get(draft.form) or places["default"]
        return self.rng.choices(options, weights=[p[3] for p in options])[0][:3]

    def _city_steps(self, draft: content.Draft, t: datetime, pace, force: dict) -> list[Step]:
        """What the city office does with a forwarded copy."""
        rng = self.rng
        outcome = force.get("city")
        if outcome is None:
            strong = draft.form in ("research", "experience", "special", "emergency")
            roll = rng.random()
            adopt = 0.55 if strong else 0.4
            outcome = "adopt" if roll < adopt else "return" if roll < adopt + 0.08 else "reject"
        t = pace(t, "city_decide")
        if outcome == "pending":
            return []
        if outcome == "reject":
            return [Step(t, "reject", self.city_editor, reason=rng.choice(ev.REJECT_NOTES))]
        steps = []
        if outcome == "return":
            fitting = [r for r in ev.CITY_RETURNS if r[1] != "title" or draft.city_title()]
            reason, weakness = rng.choice(fitting)
            steps.append(Step(t, "return", self.city_editor, reason=reason))
            editor = rng.choice(self.editors)
            if weakness == "title":
                fields = {"title": draft.city_title()}
            else:
                fields = {"body": draft.body() + "\n" + draft.supplement}
            t = pace(t, "revise")
            steps.append(Step(t, "revise", editor, fields=fields, note="按市政府办公室意见修改"))
            t = pace(t, "resubmit")
            steps.append(Step(t, "submit", editor))
            t = pace(t, "sign")
            steps.append(Step(t, "sign_off", self.chief))
            if force.get("city_then") == "pending":
                return steps
            t = pace(t, "city_decide")
            if force.get("city_then") != "adopt" and rng.random() < 0.4:
                steps.append(
                    Step(t, "reject", self.city_editor, reason=rng.choice(ev.REJECT_NOTES))
                )
                return steps
        place = self._place(CITY_PLACES, draft)
        steps.append(Step(t, "adopt", self.city_editor, place=place))
        if draft.form in ("emergency", "research", "experience") and rng.random() < 0.2:
            steps.append(
                Step(
                    pace(t, "second"),
                    "adopt",
                    self.city_editor,
                    place=("xinxizhaibao", None, "general"),
                )
            )
        return steps

    # --- showcase -----------------------------------------------------------------------

    def _showcase(self) -> None:
        """A handful of items in the last three working days with fixed outcomes."""
        rng = self.rng
        days = []
        day = self.end.date() - timedelta(days=1)
        while len(days) < 3:
            if is_workday(day):
                days.append(day)
            day -= timedelta(days=1)
        d1, d2, d3 = days

        def quick(moment, step):
            return moment + timedelta(minutes=rng.randint(8, 35))

        cases = [
            ("chengguan", d1, 16, {"stop": "draft"}),
            ("chengguan", d2, 10, {"stop": "draft"}),
            ("chengguan", d1, 9, {"stop": "pending"}),
            ("chengguan", d1, 14, {"stop": "pending"}),
            ("chengguan", d2, 9, {"ending": "editor_return", "stop": "returned"}),
            ("chengguan", d1, 10, {"ending": "reviewer_return", "stop": "returned"}),
            ("chengguan", d3, 9, {"ending": "adopt"}),
            ("hekou", d1, 9, {"stop": "submitted"}),
            ("yingji", d1, 10, {"stop": "submitted"}),
            ("jiaoyu", d1, 11, {"stop": "submitted"}),
            ("liulin", d2, 9, {"ending": "editor_return", "stop": "resubmitted"}),
            ("fagai", d2, 10, {"ending": "editor_return", "stop": "resubmitted"}),
            ("shiqiao", d3, 10, {"ending": "reject"}),
            ("dongcheng", d3, 9, {"ending": "adopt", "forward": True, "city": "pending"}),
            ("renshe", d3, 11, {"ending": "adopt", "forward": True, "city": "adopt"}),
            (
                "kaifaqu",
                d2,
                9,
                {"ending": "adopt", "forward": True, "city": "return", "city_then": "pending"},
            ),
            ("shi_yingji", d1, 9, {"stop": "submitted"}),
            ("hekou", d2, 14, {"ending": "reject", "reopen": True}),
        ]
        for code, day, hour, force in cases:
            force.setdefault("ending", "adopt")  # no detours unless the case asks for one
            created = datetime.combine(day, time(hour, rng.randint(0, 40)), TZ)
            form = "experience" if force.get("forward") else "dynamic"
            draft = self._compose(code, form, created - timedelta(days=1), created)
            steps = self._lifecycle(code, draft, created, 0.7, pace=quick, force=force)
            self.plans.append(Planned(self.units[code][1], created, steps))
        # An incident three hours ago: reported and acknowledged, its final report still due.
        self._plan_emergency(
            "chengguan", self.end.date(), 0.8, at=self.end - timedelta(hours=3), final=False
        )

    # --- 3. execution ---------------------------------------------------------------------

    def _execute(self) -> None:
        # No scheme exists yet: ``_schemes`` installs them after this and builds their
        # ledgers from these events in one pass, so the ledger's subscribers, which
        # would price nothing here, are skipped (a fifth of a load's time).
        quiet = muted(*scoring_subscribers.LEDGER) if not Scheme.objects.exists() else nullcontext()
        tenth = max(1, len(self.plans) // 10)
        with quiet:
            for done, plan in enumerate(self.plans, start=1):
                self._run(plan.unit, None, plan.steps)
                if done % tenth == 0 or done == len(self.plans):
                    self.progress(
                        f"    {done}/{len(self.plans)} 组（{100 * done // len(self.plans)}%）"
                    )

    def _deliveries(self) -> None:
        """The alerts' e-mails as the worker sent them at the time, into an in-memory
        outbox (the demo mails no one), so the worker that make demo starts finds
        nothing old to send."""
        pending = Delivery.objects.filter(status=DeliveryStatus.PENDING)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for row in pending.select_related("message").order_by("pk"):
                with clock.frozen_at(row.message.created_at + timedelta(seconds=20)):
                    delivery.attempt(delivery_id=row.pk)

    def _run(self, unit: Unit, item, steps: list[Step]):
        for step in steps:
            if step.at > self.end:
                return item
            with clock.frozen_at(step.at):
                item = self._apply(unit, item, step)
        return item

    def _apply(self, unit: Unit, item, step: Step):
        actor = step.actor
        action = step.action
        if action == "create":
            return items.item_create(actor=actor, unit=unit, fields=step.fields)
        if action == "report":
            fields = step.fields
            report = emergencies.report_file(
                actor=actor,
                unit=unit,
                title=fields["title"],
                body=fields["body"],
                facts=step.facts,
                event_id=self.events.get(step.event),
                is_final=step.event in self.events,
                writer=fields["writer"],
                contact_phone=fields["contact_phone"],
            )
            self.events[step.event] = report.event_id
            return report.item
        if action == "acknowledge":
            emergencies.alerts_acknowledge(actor=actor, event_id=self.events[step.event])
            return item
        if action in ("revise", "edit"):
            return items.item_update(
                item_id=item.pk,
                actor=actor,
                fields=step.fields,
                revision=item.revision,
                note=step.note,
            )
        if action == "adopt":
            code, column, kind = step.place
            publication = self.pubs[(item.office_id, code)]
            adoption = items.item_adopt(
                item_id=item.pk,
                actor=actor,
                publication=publication,
                column=self.columns[(publication.pk, column)] if column else None,
                kind=kind,
                note=step.note,
            )
            return adoption.item
        if action == "forward":
            copy = items.item_forward(item_id=item.pk, actor=actor)
            self._run(self.county, copy, step.then)
            return item
        return items.item_transition(
            item_id=item.pk, action=action, actor=actor, reason=step.reason
        )

    def _result(self) -> Result:
        by_state = {
            State(row["state"]).label: row["n"]
            for row in Item.objects.values("state").annotate(n=Count("id")).order_by("state")
        }
        return Result(
            units=Unit.objects.count(),
            users=User.objects.count(),
            items=Item.objects.count(),
            adoptions=Adoption.objects.count(),
            forwards=Item.objects.filter(forwarded_from__isnull=False).count(),
            by_state=by_state,
            logins=demo_logins(),
        )


def _months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier (the 28th at most)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, 28))
