"""The demo loader: a small run has the whole deployment, every item state, believable
text, working printed logins, and the same seed gives the same data."""

import io
import os
import random
import re
import shutil
from datetime import datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory, override_settings
from openpyxl import load_workbook
from pypdf import PdfReader

from govdesk.accounts.models import Membership, Role, User
from govdesk.audit.models import Change
from govdesk.audit.services import history_of
from govdesk.awards.models import Confirmation
from govdesk.bulletins.document import issue_docx
from govdesk.bulletins.models import Issue, IssueState
from govdesk.circulars.models import Circular
from govdesk.circulars.models import State as CircularState
from govdesk.demo import content
from govdesk.demo.builder import DEMO_PASSWORD, REOPEN_NOTE
from govdesk.demo.texts import DOMAINS
from govdesk.demo.texts import events as ev
from govdesk.emergencies import services as emergencies
from govdesk.emergencies.models import Alert, EmergencyReport, Event
from govdesk.items import selectors
from govdesk.items.models import Item, ItemKind, State
from govdesk.lib import clock
from govdesk.lib.officialdoc import docx_to_pdfs
from govdesk.notifications.models import Delivery, DeliveryStatus
from govdesk.portal.models import Article, ArticleState
from govdesk.publications.models import Adoption, Publication
from govdesk.scoring.models import Penalty, PenaltyKind, Scheme
from govdesk.units.models import Unit, UnitCategory
from tests.conftest import TEST_SETTINGS

# January of the year before --today onwards: a whole year for its awards, this year's
# first notices. Few items per unit per month at this scale, so few winners.
SMALL = ("--today", "2026-03-20", "--months", "15", "--scale", "0.1")


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *SMALL, *args, stdout=out)
    return out.getvalue()


def printed_usernames(output: str) -> list[str]:
    return re.findall(r"^\s+\S+\s+\S+\s+([a-z][a-z0-9_]+)\s+\S+$", output, flags=re.M)


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """One small load shared by the read-only tests below, removed afterwards."""
    hashers = TEST_SETTINGS["PASSWORD_HASHERS"]  # the module's build: no autouse fixture
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers):
        output = load()
    yield output
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def test_the_deployment_has_the_units_people_and_categories_of_a_county(demo):
    city = Unit.objects.get(name="某市人民政府办公室")
    county = Unit.objects.get(name="清河县人民政府办公室")
    assert Unit.objects.get_parent(county) == city
    under_county = Unit.objects.filter(path__startswith=county.path, depth=county.depth + 1)
    kinds = [u.kind for u in under_county]
    assert kinds.count("township") >= 15
    assert kinds.count("department") == 30
    assert (kinds.count("dev_zone"), kinds.count("liaison"), kinds.count("grassroots")) == (1, 1, 3)
    assert all(p.counterpart is not None for p in under_county.filter(kind="grassroots"))
    for unit in under_county:
        roles = set(Membership.objects.filter(unit=unit).values_list("role", flat=True))
        assert roles == {Role.OFFICER, Role.REVIEWER}, unit
        # Every year from the set-up (late December 2024) to --today.
        assert set(UnitCategory.objects.filter(unit=unit).values_list("year", flat=True)) == {
            2024,
            2025,
            2026,
        }
    assert set(UnitCategory.objects.values_list("category", flat=True)) == {"A", "B", "C"}
    desk = Membership.objects.filter(unit=county)
    assert desk.filter(role=Role.EDITOR).count() == 2
    assert {m.leader_level for m in Membership.objects.filter(role=Role.LEADER)} == {20, 30}
    assert county.publications.count() == 5 and city.publications.count() == 4


def test_every_item_state_occurs_and_items_travel_to_the_city(demo):
    assert set(Item.objects.values_list("state", flat=True)) == set(State.values)
    copies = Item.objects.filter(forwarded_from__isnull=False)
    assert copies.filter(state=State.ADOPTED, office__name="某市人民政府办公室").exists()
    assert copies.filter(state=State.RESUBMITTED).exists()
    assert Adoption.objects.filter(publication__office__name="清河县人民政府办公室").exists()
    for item in Item.objects.filter(state=State.RETURNED):
        assert item.return_reason
    assert Item.objects.filter(created_at__gt=clock.now()).count() == 0


def test_items_carry_their_history_through_the_services(demo):
    adopted = Item.objects.filter(state=State.ADOPTED, forwarded_from__isnull=True).first()
    actions = [c.action for c in history_of(adopted)]
    assert actions[:2] == ["item.created", "item.submit"]
    assert actions.index("item.sign_off") < actions.index("item.adopt")
    resubmitted = Item.objects.filter(state=State.RESUBMITTED, forwarded_from__isnull=True).first()
    log = list(history_of(resubmitted))
    assert [c.action for c in log].count("item.sign_off") == 2
    returned = next(c for c in log if c.action == "item.return")
    assert returned.details["reason"]
    first, second = resubmitted.versions.order_by("number")[:2]
    assert (first.title, first.body) != (second.title, second.body)


def test_printed_logins_work_with_the_demo_password_and_cover_every_role(demo):
    usernames = printed_usernames(demo)
    assert "chengguan_officer" in usernames and "city_leader" in usernames
    roles = set()
    request = RequestFactory().post("/accounts/login/")  # django-axes needs the request
    for username in usernames:
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert not user.must_change_password
        roles |= set(user.memberships.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert f"共用密码：{DEMO_PASSWORD}" in demo
    assert not User.objects.filter(must_change_password=True).exists()


def test_demo_publications_have_the_default_distribution_their_issues_start_from(demo):
    kuaixun = Publication.objects.get(code="kuaixun", office__level=20)
    leaders = set(kuaixun.default_send_users.values_list("username", flat=True))
    assert leaders == {"county_leader1", "county_leader2", "county_leader3"}
    assert set(kuaixun.default_copy_units.values_list("kind", flat=True)) == {"township"}
    issue = Issue.objects.filter(publication=kuaixun, state=IssueState.RELEASED).first()
    sent = set(issue.recipients.filter(kind="send").values_list("user__username", flat=True))
    assert sent == leaders
    assert issue.recipients.filter(kind="copy").count() == kuaixun.default_copy_units.count()
    zhuanbao = Publication.objects.get(code="zhuanbao", office__level=20)
    assert list(zhuanbao.default_send_units.values_list("level", flat=True)) == [30]


def test_printed_logins_land_on_non_empty_to_do_lists(demo):
    def user(name):
        return User.objects.get(username=name)

    officer = user("chengguan_officer")
    mine = selectors.mine(viewer=officer)
    assert mine.filter(state=State.DRAFT).exists()
    assert selectors.returned_items(viewer=officer).exists()
    assert selectors.review_queue(viewer=user("chengguan_reviewer")).exists()
    assert selectors.desk_queue(viewer=user("county_editor1")).count() >= 5
    assert selectors.desk_queue(viewer=user("city_editor")).exists()
    assert selectors.adopted_items(viewer=user("county_leader1")).exists()


def test_refuses_a_populated_database_unless_reset(demo):
    with pytest.raises(CommandError, match="--reset"):
        load()
    assert "跳过" in load("--if-empty")


def demo_items() -> list[tuple]:
    return list(Item.objects.order_by("id").values_list("title", "state", "unit__name"))


@pytest.fixture(scope="module")
def loaded_items(demo_output, django_db_blocker) -> list[tuple]:
    """The items of the shared load (seed 2026), as it left them: every test here runs
    in a transaction rolled back afterwards."""
    with django_db_blocker.unblock():
        return demo_items()


@pytest.mark.slow
def test_the_same_seed_gives_the_same_items_and_another_seed_does_not(demo, loaded_items):
    # Loaded again over the shared load (--reset empties it first), in this test's
    # transaction, which gives the shared load back when it is rolled back.
    assert len(loaded_items) > 30
    try:
        load("--reset", "--seed", "8")
        assert demo_items() != loaded_items
        # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still
        # pending in the transaction, as the first load leaves them in this test's one
        # transaction (a real --reset runs in a process of its own): run them now.
        connection.check_constraints()
        load("--reset", "--seed", "2026")
        assert demo_items() == loaded_items
    finally:
        # --reset made the content types again; the rollback brings back the old rows.
        ContentType.objects.clear_cache()


def test_texts_have_the_basic_elements_and_no_unfilled_slots():
    rng = random.Random(1)
    unit = {
        "unit": "柳林镇",
        "unit_full": "柳林镇人民政府",
        "self": "该镇",
        "scope": "全镇",
        "scope_n": "20个行政村",
        "visit": "走访{village}等{6~15}个村（社区）",
        "villages": ["王庄村", "李集村", "杏花村"],
        "communities": [],
        "crop": "黄桃",
        "is_department": False,
    }
    world = {
        "towns": ["柳林镇", "河口镇", "石桥镇"],
        "town_villages": {"河口镇": ["赵集村"], "石桥镇": ["张楼村"], "柳林镇": ["王庄村"]},
        "vices": [("副县长", "王磊")],
    }
    created = datetime(2026, 6, 4, 9, 30)
    used: set[str] = set()
    for topics in DOMAINS.values():
        for topic in topics:
            for form in content.FORMS:
                if form == "people" and not topic["voices"]:
                    continue
                context = content.item_context(rng, unit, world, created, created)
                draft = content.compose(rng, form=form, topic=topic, context=context, used=used)
                assert draft is not None
                body = draft.body()
                assert "{" not in draft.title + body, draft.title
                assert re.search(r"\d", body), draft.title  # figures
                if form != "digest":  # a digest reports on somewhere else
                    assert "柳林镇" in draft.title + body  # subject
                for weakness in draft.weaknesses():
                    assert draft.first_version(weakness) != (draft.title, body), weakness
    for incident in ev.INCIDENTS:
        context = {**content.item_context(rng, unit, world, created, created), "fdate": "6月5日"}
        report, follow_up = content.compose_emergency(
            rng, incident=incident, context=context, used=used
        )
        assert "6月4日9时30分" in report.body() or "6月4日9时" in report.body()
        assert follow_up.title.startswith("（续报）")


def _released_issue() -> Issue:
    return Issue.objects.filter(state=IssueState.RELEASED).order_by("-number").first()


def test_released_demo_issues_have_articles_and_copies(demo):
    issue = _released_issue()
    assert issue is not None and issue.entries.count() >= 1
    assert issue.recipients.filter(kind="copy").exists()


def test_this_years_past_monthly_notices_are_issued(demo):
    issued = Circular.objects.filter(state=CircularState.ISSUED)
    assert sorted(issued.values_list("doc_number", flat=True)) == [
        "县政府办信息通〔2026〕1号",
        "县政府办信息通〔2026〕2号",
    ]
    assert all(c.docx and c.xlsx for c in issued)


def test_the_demo_portal_publishes_the_latest_monthly_figures(demo, client):
    article = Article.objects.get(source_notice__isnull=False)
    assert article.source_notice.doc_number == "县政府办信息通〔2026〕2号"
    assert (article.state, article.column.name) == (ArticleState.PUBLISHED, "信息报送通报")
    page = client.get(f"/portal/a/{article.pk}/").content.decode()
    assert "各单位政务信息报送采用情况</caption>" in page


def test_a_demo_monthly_notice_agrees_with_the_ledger_pages(demo, login):
    """Issue 3: the notice for a month renders, its .xlsx opens, and each unit's score
    is what its ledger page totals (its .docx prints: below)."""
    scheme = Scheme.objects.get(office__name="清河县人民政府办公室", year=2026)
    client = login(User.objects.get(username="county_editor1"))
    page = client.get(f"/scoring/{scheme.pk}/notice/", {"month": 2})
    assert page.status_code == 200
    rows = page.context["notice"].table.rows
    scored = [row for row in rows if row.score]
    assert scored
    for row in scored[:5]:
        ledger = client.get(f"/scoring/{scheme.pk}/units/{row.unit.pk}/", {"month": 2})
        assert ledger.context["totals"]["score"] == row.score, row.unit
    book = load_workbook(
        io.BytesIO(
            client.get(f"/scoring/{scheme.pk}/notice/", {"month": 2, "format": "xlsx"}).content
        )
    )
    assert book.sheetnames[0] == "考核情况"


def test_last_years_awards_are_confirmed_with_evidence(demo, login):
    """Issue 7: the year's evaluation lists candidates with their evidence one click
    away (the confirmed commendation notice prints: below)."""
    scheme = Scheme.objects.get(office__name="清河县人民政府办公室", year=2025)
    confirmation = Confirmation.objects.get(scheme=scheme)
    winners = confirmation.winners.select_related("award", "unit")
    assert winners.exists()
    client = login(User.objects.get(username="county_chief"))
    page = client.get(f"/awards/{scheme.pk}/")
    assert page.status_code == 200 and "已确认" in page.text
    winner = winners.first()
    candidate = f"/awards/{scheme.pk}/awards/{winner.award_id}/units/{winner.unit_id}/"
    evidence = client.get(candidate, {"officer": winner.officer_id} if winner.officer_id else {})
    assert evidence.status_code == 200 and 'href="/items/' in evidence.text


@pytest.mark.once
def test_the_demo_documents_print(demo, login):
    """The latest released issue, February's notice (issue 3) and last year's confirmed
    commendation (issue 7) convert to PDF with their text, in one LibreOffice start-up.
    Their .docx are what the pages above serve on both databases; the PDF is
    LibreOffice's layout of them (docs/testing.md, "Speed")."""
    if not shutil.which("libreoffice"):
        if os.environ.get("GOVDESK_REQUIRE_BROWSER") == "1":
            pytest.fail("GOVDESK_REQUIRE_BROWSER=1 but libreoffice is not installed")
        pytest.skip("libreoffice not installed")
    issue = _released_issue()
    notice = Scheme.objects.get(office__name="清河县人民政府办公室", year=2026)
    client = login(User.objects.get(username="county_editor1"))
    month = client.get(f"/scoring/{notice.pk}/notice/", {"month": 2}).context["notice"]
    scored = next(row for row in month.table.rows if row.score)
    notice_docx = client.get(f"/scoring/{notice.pk}/notice/", {"month": 2, "format": "docx"})
    awards = Scheme.objects.get(office__name="清河县人民政府办公室", year=2025)
    winner = Confirmation.objects.get(scheme=awards).winners.select_related("award", "unit")[0]
    number = "县政府办〔2026〕3号"
    client = login(User.objects.get(username="county_chief"))
    awards_docx = client.get(f"/awards/{awards.pk}/notice/", {"number": number})
    documents = [issue_docx(issue), notice_docx.content, awards_docx.content]
    issue_pdf, notice_pdf, awards_pdf = (
        ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
        for pdf in docx_to_pdfs(documents)
    )
    assert "快讯" in issue_pdf[0] and f"第{issue.number}期" in issue_pdf[0]
    assert "".join(issue.entries.order_by("position")[0].title.split()) in issue_pdf[0]
    assert "关于2026年2月政务信息报送采用情况的通报" in "".join(notice_pdf)
    assert scored.unit.display_name in "".join(notice_pdf)
    assert number in awards_pdf[0] and "关于表彰2025年度政务信息工作先进的通报" in awards_pdf[0]
    assert winner.unit.name in awards_pdf[0] or winner.award.name in awards_pdf[0]


def test_emergencies_arrive_through_the_emergency_module(demo):
    """Every submitted emergency item is a written report on an event: filed report
    first, acknowledged by the duty officer, mostly closed by a final report; a report
    filed after its limit carries the system's 迟报; no historical alert is left for the
    worker to send or escalate when the demo starts."""
    emergency_items = Item.objects.filter(
        kind=ItemKind.EMERGENCY, forwarded_from__isnull=True
    ).exclude(state=State.DRAFT)
    assert emergency_items.exists()
    assert not emergency_items.filter(emergency__isnull=True).exists()
    assert Event.objects.filter(closed_at__isnull=False).exists()
    assert Alert.objects.filter(acknowledged_at__isnull=False).exists()
    assert not Delivery.objects.filter(status=DeliveryStatus.PENDING).exists()
    for report in EmergencyReport.objects.filter(is_late=True):
        assert Penalty.objects.filter(item=report.item, kind=PenaltyKind.LATE).exists()
    assert emergencies.escalate_unacknowledged() == 0


def test_the_demo_shows_one_reopened_item_back_on_the_desk(demo):
    change = Change.objects.get(action="item.reopen")
    item = Item.objects.get(pk=change.target_id)
    assert item.state == State.SUBMITTED and item.unit.short_name == "河口镇"
    assert change.details["reason"] == REOPEN_NOTE and item.reject_reason == ""
    actions = [c.action for c in history_of(item)]
    assert actions.index("item.reject") < actions.index("item.reopen") == len(actions) - 1


def test_the_duty_office_alerts_by_e_mail_and_has_this_months_roster(demo):
    from govdesk.emergencies.models import DutyRoster

    county = Unit.objects.get(name="清河县人民政府办公室")
    alerted = emergencies.watchers(county)
    duty_officer = User.objects.get(username="county_duty")
    assert duty_officer in alerted and all(u.email.endswith("@xinxi.example") for u in alerted)
    assert User.objects.get(username="county_chief").email == "county_chief@xinxi.example"
    days = DutyRoster.objects.filter(unit=county, day__year=2026, day__month=3)
    assert days.count() == 31 and days.values("leader").distinct().count() == 3


def test_the_office_settings_pages_and_the_adoption_dialog_have_demo_data(demo, login):
    from govdesk.publications.models import Column
    from govdesk.solicitations.models import SolicitationResponse

    county = Unit.objects.get(name="清河县人民政府办公室")
    kuaixun = Publication.objects.get(office=county, code="kuaixun")
    columns = {c.name: c.is_active for c in Column.objects.filter(publication=kuaixun)}
    assert columns["乡村振兴"] is True and columns["创卫专栏"] is False
    client = login(User.objects.get(username="county_chief"))
    page = client.get(f"/publications/{kuaixun.pk}/").content.decode()
    assert "乡村振兴" in page and "已停用" in page
    scheme = Scheme.objects.get(office=county, year=2026)
    page = client.get(f"/scoring/schemes/{scheme.pk}/rules/").content.decode()
    assert "政务信息通报范文2 二(二)1：以上栏目采用约稿信息1条，计3分" in page

    (answer,) = SolicitationResponse.objects.filter(solicitation__topic="冬季消防安全工作情况")
    assert answer.item.state == State.SUBMITTED and answer.item.office == county
    client = login(User.objects.get(username="county_editor1"))
    with clock.frozen_at(datetime(2026, 3, 20, 9, tzinfo=clock.now().tzinfo)):
        page = client.get(f"/items/{answer.item.pk}/").content.decode()
    assert "本信息回应约稿“冬季消防安全工作情况”。" in page
    assert "无论选择哪种采用类型，都按约稿计分" in page
