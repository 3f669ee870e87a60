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
        page.on(
            "response",
            lambda r: self.responses.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.on("requestfailed", self._failed)

    def _failed(self, request):
        # A fetch the browser cancelled because the page moved on (an htmx poll's
        # redirect while the favicon loads) is not a missing file: its status is
        # seen above if the server ever answered it with an error.
        if request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.failure} {request.url}")

    def static(self) -> list[str]:
        return [line for line in self.responses + self.failed_requests if "/static/" in line]


def _open_page(request, browser, live_server, label, **context_options):
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
    if _failed(request.node):
        from django.db import connection

        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        path = artifacts_dir(request.config) / f"FAILED-{connection.vendor}-{name}-{label}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            print(f"could not save {path.name}: {exc}")
    context.close()


@pytest.fixture
def page(request, browser, live_server):
    """A desktop page (1366×768, zh-CN, Asia/Shanghai) on the live server; goto('/…')."""
    yield from _open_page(request, browser, live_server, "desktop", viewport=DESKTOP)


@pytest.fixture
def phone_page(request, browser, live_server):
    """A phone-sized page (390×844, touch) on the live server."""
    yield from _open_page(
        request,
        browser,
        live_server,
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


@pytest.fixture
def signed_in():
    """signed_in(page, user) logs in through the real login form and returns the page."""

    def _signed_in(page, user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="登录").click()
        response = navigation.value
        if response is not None and response.status >= 400:
            raise AssertionError(f"login as {user.username}: HTTP {response.status} at {page.url}")
        if "/accounts/login/" in page.url:
            raise AssertionError(f"login as {user.username} failed: still on {page.url}")
        return page

    return _signed_in


@pytest.fixture
def screenshot(request):
    """screenshot(page, 'name') saves test-artifacts/name.png and returns its path."""

    def _screenshot(page, name, *, full_page=True):
        path = artifacts_dir(request.config) / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return _screenshot
