"""评先评优 in a real browser: the chief editor opens the year's evaluation, reads a
candidate's evidence, grants 城关镇 over a missing attestation with a reason, confirms
the list and downloads the commendation notice."""

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from govdesk.audit.models import Change
from govdesk.awards.models import Confirmation, Override

pytestmark = pytest.mark.browser

AWARD = "全县政务信息工作先进集体"
NUMBER = "县府办〔2027〕1号"
REASON = "已查阅城关镇专职信息员任命文件，符合条件"


def test_override_confirm_and_download_the_commendation(
    page,
    world,
    year,
    county_awards,
    signed_in,
    screenshot,
):
    year.run(world.town_a, world.a_officer)  # every condition but the attested one
    signed_in(page, world.county_chief, "/awards/")
    row = page.locator("tr", has_text="2026年")
    expect(row.locator(".state")).to_have_text("评选中")
    row.get_by_role("link", name="年度评选").click()

    expect(page.locator("h1")).to_have_text("2026年度政务信息工作评先评优")
    award = page.get_by_role("region", name=AWARD)
    town = award.locator("tr", has_text="城关镇")
    expect(town.locator("td").nth(-2)).to_have_text("待核实")
    expect(town.locator("td").nth(-1)).to_have_text("—")
    # The criteria are numbered under the award, so the table fits the page.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366, f"the evaluation scrolls sideways ({width}px)"
    screenshot(page, "awards-1-evaluation")
    town.get_by_role("link", name="城关镇").click()

    # The candidate's evidence, criterion by criterion.
    expect(page.locator("h1")).to_have_text("城关镇")
    expect(page.get_by_role("region", name="评选结果")).to_contain_text("待核实")

    def criterion(label):
        return page.locator(".criterion").filter(
            has=page.locator(".criterion-label", has_text=label)
        )

    monthly = criterion("每月至少有1条信息被采用")
    evidence = monthly.locator("details.evidence")
    expect(evidence.locator("li").first).to_be_hidden()  # long lists start folded
    evidence.locator("summary").click()
    expect(evidence.locator("li")).to_have_count(12)
    expect(evidence.locator("li").first).to_be_visible()
    adopted = criterion("《专报信息》").locator("details.evidence")
    link = adopted.get_by_role("link", name=re.compile("城关镇人民政府3月信息"))
    expect(link).to_be_visible()  # a short list is open, each line links to its item
    expect(link).to_have_attribute("href", re.compile(r"^/items/\d+/$"))
    screenshot(page, "awards-2-candidate")

    # 主编 grants it over the attestation still missing, with a reason.
    decision = page.get_by_role("region", name="主编决定")
    decision.get_by_label("理由").fill(REASON)
    decision.get_by_role("button", name="授予", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已记录主编决定")
    expect(page.locator(".override-note")).to_contain_text(REASON)
    expect(page.locator(".candidate-result")).to_have_text("授予")
    override = Override.objects.get()
    assert (override.unit, override.granted, override.reason) == (world.town_a, True, REASON)

    page.get_by_role("link", name="返回评选").click()
    town = page.get_by_role("region", name=AWARD).locator("tr", has_text="城关镇")
    expect(town.locator("td").nth(-1)).to_contain_text("授予")
    expect(town.locator(".override-tag")).to_have_attribute("title", REASON)
    page.get_by_role("button", name="确认名单").click()
    expect(page.locator(".messages")).to_contain_text("评先名单已确认")
    status = page.get_by_role("region", name="名单状态")
    expect(status.locator(".state")).to_have_text("名单已确认")
    expect(page.get_by_role("button", name="确认名单")).to_have_count(0)
    confirmation = Confirmation.objects.get(scheme=county_awards)
    winners = {(w.unit_id, w.officer_id) for w in confirmation.winners.all()}
    assert (world.town_a.pk, None) in winners
    assert Change.objects.filter(action="awards.confirmed").count() == 1
    screenshot(page, "awards-3-confirmed")

    notice = page.get_by_role("form", name="表彰通报")
    notice.get_by_label("表彰通报文号").fill(NUMBER)
    with page.expect_download() as word:
        notice.get_by_role("button", name="下载表彰通报（Word）").click()
    assert word.value.suggested_filename.endswith("2026年度政务信息工作先进的通报.docx")
    document = Document(str(word.value.path()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert NUMBER in text
    assert f"一、{AWARD}（1个）" in text and "城关镇人民政府。" in text
    assert page.problems.responses == []
