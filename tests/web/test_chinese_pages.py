"""Every page a non-superuser reaches speaks Chinese: each role of the shared world
(with items, a scheme, an emergency, rosters and settings, so the pages are not
empty) follows the links from the dashboard and the navigation, and no page fails,
shows Django's "---------" blank choice, or has an English word in what is shown."""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

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
# Signature algorithms as their standards name them (HMAC-SHA256, HMAC-SM3).
ALLOWED |= {"HMAC", "SHA", "SM"}
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
