"""Playwright fixtures: Debian's Chromium driving pytest-django's live server.

Browsers are never downloaded: the tests launch /usr/bin/chromium (Debian's
package, installed by .ci/run). Without it the browser tests are skipped, or fail
when GOVDESK_REQUIRE_BROWSER=1 (CI). A failing test leaves a screenshot of each of
its pages in test-artifacts/.
"""

import os
import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an asyncio loop in this thread, which trips Django's
# "you cannot call this from an async context" guard around the ORM.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("GOVDESK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    # The browser's own texts (a date field's 年/月/日, not "mm/dd/yyyy") in Chinese, with
    # the context's locale="zh-CN" below. On Linux Chromium takes its language from the
    # LANGUAGE variable (BROWSER_ENV) and needs Debian's chromium-l10n for the zh-CN pack.
    "--lang=zh-CN",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000
BROWSER_ENV = {**os.environ, "LANGUAGE": "zh_CN"}

_reports = pytest.StashKey[dict]()


def artifacts_dir(config: pytest.Config) -> Path:
    path = config.rootpath / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test so fixtures can tell it failed."""
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def _failed(node) -> bool:
    reports = node.stash.get(_reports, {})
    return any(r.failed for r in reports.values())


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: apt-get install chromium"
        if os.environ.get("GOVDESK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"GOVDESK_REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, env=BROWSER_ENV
        )
        yield chromium
        chromium.close()


class PageProblems:
    """HTTP errors and failed requests a page met, so tests can assert there were none."""

    def __init__(self, page):
        self.responses = []
        self.failed_requests = []
        self._page = page
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    def _response(self, response):
        if response.status >= 400:
            self.responses.append(f"{response.status} {response.url}")

    def _failed(self, request):
        # A fetch the browser cancelled because the page moved on (an htmx poll's
        # redirect while the favicon loads) is not a missing file: its status is
        # seen above if the server ever answered it with an error.
        if request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.failure} {request.url}")

    def detach(self):
        self._page.remove_listener("response", self._response)
        self._page.remove_listener("requestfailed", self._failed)

    def static(self) -> list[str]:
        return [line for line in self.responses + self.failed_requests if "/static/" in line]


@pytest.fixture(scope="session")
def _pages(browser, live_server):
    """One context and page per size for the whole session, emptied between tests (see
    _reuse): a new context and page cost Chromium about half a second of CPU each (a
    renderer process started). Closed before the live server stops, so that no
    connection of theirs is left open to it."""
    pages = {}
    yield pages
    for page in pages.values():
        page.context.close()


def _reuse(page, live_server) -> bool:
    """Leaves the page as a new context's page would be: on about:blank (no script of
    the last test's page still running) with no history behind it, no cookies, no
    local storage, IndexedDB, cache storage or service worker for the live server
    (Chromium's own clearing of a site's data), an empty HTTP cache and no permissions
    granted. False if it cannot be (a crashed page, a window the test opened)."""
    try:
        if len(page.context.pages) != 1:
            return False
        page.goto("about:blank")
        context = page.context
        context.clear_cookies()
        context.clear_permissions()
        cdp = context.new_cdp_session(page)
        try:
            cdp.send("Page.resetNavigationHistory")
            cdp.send("Network.clearBrowserCache")
            cdp.send(
                "Storage.clearDataForOrigin", {"origin": live_server.url, "storageTypes": "all"}
            )
        finally:
            cdp.detach()
        return True
    except Exception:
        return False


def _open_page(request, browser, live_server, pages, label, **context_options):
    page = pages.pop(label, None)
    if page is None:
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            **context_options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
    page.problems = PageProblems(page)
    yield page
    page.problems.detach()
    failed = _failed(request.node)
    if failed:
        from django.db import connection

        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        path = artifacts_dir(request.config) / f"FAILED-{connection.vendor}-{name}-{label}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            print(f"could not save {path.name}: {exc}")
    if not failed and _reuse(page, live_server):
        pages[label] = page
    else:
        page.context.close()


@pytest.fixture
def page(request, browser, live_server, _pages):
    """A desktop page (1366×768, zh-CN, Asia/Shanghai) on the live server; goto('/…')."""
    yield from _open_page(request, browser, live_server, _pages, "desktop", viewport=DESKTOP)


@pytest.fixture
def phone_page(request, browser, live_server, _pages):
    """A phone-sized page (390×844, touch) on the live server."""
    yield from _open_page(
        request,
        browser,
        live_server,
        _pages,
        "phone",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )


@pytest.fixture(params=["page", "phone_page"])
def any_page(request):
    """The same test at desktop (1366×768) and phone (390×844) size."""
    return request.getfixturevalue(request.param)


def sign_in_through_form(page, user, password=PASSWORD):
    """Logs in through the real login form (test_login.py's subject, and the way into
    the two-factor pages) and returns the page, on wherever the login leads."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="登录").click()
    return _arrived_signed_in(page, navigation.value, user)


def _arrived_signed_in(page, response, user):
    """The page, once it is known to have landed signed in: no error status and not
    sent (back) to the login page."""
    if response is not None and response.status >= 400:
        raise AssertionError(f"{user.username}: HTTP {response.status} at {page.url}")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"{user.username} not signed in: on {page.url}")
    return page


@pytest.fixture
def signed_in(live_server):
    """signed_in(page, user, path="/") starts the page signed in as ``user`` and opens
    ``path`` (the dashboard, where the login form leads). The session is made as the
    test client's ``force_login`` makes it (Django's ``login()``, so the login signal
    writes the same session flags and change-log record as the form) and handed to
    the browser as its session cookie: the form itself is proved by test_login.py, and
    the two-factor test still signs in through it (``sign_in_through_form``). Calling
    it again switches the page to another user (the cookie is replaced)."""
    from django.conf import settings
    from django.test import Client

    def _signed_in(page, user, path="/"):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )
        return _arrived_signed_in(page, page.goto(path), user)

    return _signed_in


# The natural width of an <img> once the browser has fetched and decoded it. Reading
# ``complete`` straight after the page loads races the image's own request (and a
# ``loading="lazy"`` image starts only near the viewport, hence the scroll there and
# back, which keeps the page's full-page screenshot as it was: a sticky header is drawn
# where the page is scrolled to). ``decode()`` rejects, failing the test, if the file
# is not an image the browser can show.
LOADED_WIDTH = """async img => {
  const y = window.scrollY;
  img.scrollIntoView({block: "nearest"});
  try { await img.decode(); } finally { window.scrollTo(0, y); }
  return img.naturalWidth;
}"""


def loaded_width(image) -> int:
    return image.evaluate(LOADED_WIDTH)


# Playwright hides the text caret for a screenshot by giving every input, textarea and
# contenteditable of the page a transparent caret-color and taking it back afterwards:
# the style change makes Chromium restyle and repaint the whole page (0.1–0.2 s of CPU
# a full-page screenshot, more on the phone's double-density page). Only a focused
# editable field draws a caret, so the picture is the same without it otherwise.
EDITABLE_FOCUSED = """(() => { const el = document.activeElement;
  return !!el && (el.matches("input, textarea, [contenteditable]") || el.tagName === "IFRAME");
})()"""


def _caret(page) -> str:
    return "hide" if page.evaluate(EDITABLE_FOCUSED) else "initial"


@pytest.fixture
def screenshot(request):
    """screenshot(page, 'name') saves test-artifacts/name.png and returns its path."""

    def _screenshot(page, name, *, full_page=True):
        path = artifacts_dir(request.config) / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, caret=_caret(page))
        return path

    return _screenshot
