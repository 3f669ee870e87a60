"""Every page a non-superuser reaches speaks Chinese: each role of the shared world
(with items, a scheme, an emergency, rosters and settings, so the pages are not
empty) follows the links from the dashboard and the navigation, and no page fails,
shows Django's "---------" blank choice, or has an English word in what is shown."""

import re
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import timezone

from govdesk.bulletins.services import issue_create
from govdesk.core.calendar import calendar_days_set
from govdesk.emergencies import duty
from govdesk.emergencies.alerting import webhook_save
from govdesk.emergencies.models import Category, Severity
from govdesk.emergencies.services import report_file
from govdesk.items import services as items
from govdesk.lib import clock
from govdesk.quality.services import boilerplate_set, lexicon_set
from govdesk.scoring.services import scheme_install_preset

ROLES = [
    "a_officer",
    "a_reviewer",
    "county_editor",
    "county_chief",
    "county_leader",
    "county_admin",
    "county_duty",
    "city_editor",
]
# Words a Chinese office uses as they are: file formats, product names, units; and the
# pinyin the search hints show as examples (typing pinyin finds names).
ALLOWED = {"PDF", "Excel", "Word", "API", "xlsx", "docx", "ID", "DingTalk", "WeCom", "JSON", "MB"}
# What DingTalk itself shows: a 加签 secret starts with "SEC".
ALLOWED |= {"SEC"}
# Records sheets may come as one CSV file per kind (往年台账导入).
ALLOWED |= {"csv"}
PINYIN_EXAMPLES = {"chengguan", "cgz", "zhangxiaomei", "wanglijuan", "wlj"}
SKIP = re.compile(r"^/(admin|api|static|media)/|/logout/|export=|download|[/.](pdf|docx|xlsx)/?$")
PAGES_PER_ROLE = 120
PAGES_PER_SHAPE = 3  # /items/1/, /items/2/ … are one shape: a few of each are enough


class _Page(HTMLParser):
    """The text a person sees (not scripts or styles), with the words of placeholders,
    titles and button values, and the page's links. Text marked translate="no" (login
    names, which are Latin letters by design) is not text to translate."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._untranslated: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        if attrs.get("translate") == "no" or self._untranslated:
            self._untranslated.append(tag)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("placeholder", "title", "alt", "aria-label"):
            if attrs.get(name):
                self.text.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.text.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if self._untranslated and self._untranslated[-1] == tag:
            self._untranslated.pop()

    def handle_data(self, data):
        if not self._hidden and not self._untranslated:
            self.text.append(data)


def english_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED | PINYIN_EXAMPLES]


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client, start="/") -> dict[str, tuple[int, str]]:
    """Same-site GET links from ``start``, breadth first: {url: (status, visible text)}."""
    seen, queue, pages, shapes = {start}, [start], {}, Counter()
    while queue and len(pages) < PAGES_PER_ROLE:
        url = queue.pop(0)
        response = client.get(url, follow=True)
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        page = _Page()
        if "text/html" in response.get("Content-Type", ""):
            page.feed(body)
        pages[url] = (response.status_code, " ".join(page.text), body)
        for href in page.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(href):
                continue
            if href in seen or shapes[shape(parts.path)] >= PAGES_PER_SHAPE:
                continue
            seen.add(href)
            shapes[shape(parts.path)] += 1
            queue.append(href)
    return pages


@pytest.fixture
def busy_world(world):
    """The world with a day's work in it: items in several states, a scheme in force,
    an open emergency, a bulletin issue, rosters, holidays, word lists and a robot."""
    w = world
    today = timezone.localdate(clock.now())
    scheme_install_preset(actor=None, office=w.county, year=today.year, preset="county")
    adopted = w.submitted(title="城关镇召开秋季防火工作部署会")
    items.item_adopt(
        item_id=adopted.pk,
        actor=w.county_editor,
        publication=w.kuaixun,
        column=w.kuaixun_work,
        kind="brief",
    )
    returned = w.submitted(unit=w.town_b, by=w.b_officer, title="河口乡推进人居环境整治")
    items.item_transition(
        item_id=returned.pk, action="return", actor=w.county_editor, reason="请补充数据"
    )
    w.submitted(unit=w.dept, by=w.d_officer, title="县应急管理局开展安全生产检查")
    w.pending(title="城关镇开展消防演练")
    w.draft(title="城关镇筹备冬季供暖")
    moment = clock.now() - timedelta(hours=1)
    report_file(
        actor=w.a_officer,
        unit=w.town_a,
        title="城关镇东河村山洪冲毁道路",
        body="城关镇东河村突降暴雨引发山洪，冲毁村道300米，无人员伤亡。",
        facts={
            "occurred_at": moment,
            "learned_at": moment,
            "place": "城关镇东河村",
            "category": Category.NATURAL,
            "severity": Severity.MAJOR,
            "casualties": "无人员伤亡",
            "trend": "",
            "leaders_on_site": "",
            "measures": "",
        },
    )
    issue_create(actor=w.county_editor, publication=w.kuaixun)
    rows = [
        {"day": day, "leader": "黄志强", "officer": "郑浩", "phone": "0000-6120110"}
        for day in duty.period_days(period="week", start=today)
    ]
    duty.roster_fill(actor=w.county_duty, unit=w.county, rows=rows)
    calendar_days_set(
        actor=None, start=today, end=today + timedelta(days=2), is_workday=False, note="节日"
    )
    boilerplate_set(actor=None, phrase="高度重视", advice="写明具体措施")
    lexicon_set(actor=None, word="绝密", severity="block", reason="涉密信息不得报送")
    webhook_save(
        actor=w.county_chief,
        office=w.county,
        name="县值班群",
        kind="dingtalk",
        url="https://oapi.dingtalk.com/robot/send?access_token=x",
        is_active=True,
    )
    return w


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_is_chinese(busy_world, login, role):
    pages = crawl(login(busy_world.people[role]))
    assert len(pages) > 5, f"{role}只到达了{list(pages)}"
    problems = []
    for url, (status, text, body) in pages.items():
        if status >= 500:
            problems.append(f"{url}：状态 {status}")
        if "---------" in body:
            problems.append(f"{url}：有“---------”")
        words = english_words(text)
        if words:
            problems.append(f"{url}：英文 {sorted(set(words))}")
    assert not problems, f"{role}：\n" + "\n".join(problems)
    if role in ("county_chief", "county_admin"):
        scheme = busy_world.county.schemes.get()
        publication = f"/publications/{busy_world.kuaixun.pk}/"
        rules = f"/scoring/schemes/{scheme.pk}/rules/"
        assert {"/config/", "/scoring/schemes/", "/publications/", publication, rules} <= set(pages)


def test_the_word_check_finds_english_and_allows_the_whitelist():
    page = _Page()
    page.feed(
        '<p>导出 Excel 或 PDF</p><script>var x = "hidden";</script>'
        '<input placeholder="Search"><a href="/x/">Change</a>'
    )
    assert english_words(" ".join(page.text)) == ["Search", "Change"]
    assert page.links == ["/x/"]
