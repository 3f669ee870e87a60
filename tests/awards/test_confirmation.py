"""The chief editor's overrides and confirmation (recorded in the change log), the
commendation notice (.docx, .xlsx) of the confirmed list, and the demo's helper."""

import os
import shutil
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from govdesk.audit.models import Change
from govdesk.awards.exports import commendation_docx
from govdesk.awards.models import Attestation, Award, Confirmation, CriterionKind
from govdesk.awards.services import (
    evaluation_confirm,
    evaluation_reopen,
    override_set,
)
from govdesk.demo.past import awards_demo_confirm
from govdesk.items.models import Item
from govdesk.lib import clock
from tests.fixtures.awards import YEAR, credit, target

pytestmark = pytest.mark.django_db


def test_confirm_freezes_the_list_and_is_audited(world, ready):
    """范文2 三(二)1 and 3(1): 城关镇 先进集体, and its officer 张晓梅 先进个人."""
    confirmation = evaluation_confirm(actor=world.county_chief, scheme=ready)
    winners = [
        (w.award.code, w.unit.name, w.officer.full_name if w.officer else None)
        for w in confirmation.winners.all()
    ]
    assert winners == [
        ("advanced_unit", "城关镇人民政府", None),
        ("advanced_officer", "城关镇人民政府", "张晓梅"),
    ]
    change = Change.objects.get(action="awards.confirmed")
    assert change.actor == world.county_chief
    assert change.details["winners"]["advanced_unit"] == ["城关镇"]
    # The list is frozen: no attestation or override until the chief reopens it.
    award = Award.objects.get(scheme=ready, code="progress")
    with pytest.raises(ValidationError, match="已确认"):
        override_set(
            actor=world.county_chief, award=award, unit=world.town_b, granted=True, reason="特批"
        )
    with pytest.raises(ValidationError, match="撤销确认的理由"):
        evaluation_reopen(actor=world.county_chief, scheme=ready, reason="")
    evaluation_reopen(actor=world.county_chief, scheme=ready, reason="补充核实材料")
    assert not Confirmation.objects.filter(scheme=ready).exists()
    assert Change.objects.get(action="awards.reopened").details["reason"] == "补充核实材料"


def test_override_needs_the_chief_and_a_reason(world, ready):
    award = Award.objects.get(scheme=ready, code="progress")
    with pytest.raises(PermissionDenied):
        override_set(
            actor=world.county_editor, award=award, unit=world.town_b, granted=True, reason="特批"
        )
    with pytest.raises(ValidationError, match="请填写调整理由"):
        override_set(
            actor=world.county_chief, award=award, unit=world.town_b, granted=True, reason=" "
        )
    override_set(
        actor=world.county_chief,
        award=award,
        unit=world.town_b,
        granted=True,
        reason="防汛信息工作突出，县领导提名",
    )
    change = Change.objects.get(action="award.overridden")
    assert change.details["after"] == {"granted": True, "reason": "防汛信息工作突出，县领导提名"}
    confirmation = evaluation_confirm(actor=world.county_chief, scheme=ready)
    progress = confirmation.winners.get(award=award)
    assert (progress.unit, progress.overridden) == (world.town_b, True)


def test_confirm_refused_while_attestation_is_missing(world, year, county_awards):
    """A unit that meets every recorded criterion but waits for an editor's attestation
    must be settled before the list is confirmed."""
    year.run(world.town_a, world.a_officer)
    with pytest.raises(ValidationError, match="城关镇"):
        evaluation_confirm(actor=world.county_chief, scheme=county_awards)
    assert not Confirmation.objects.exists()


def test_commendation_docx_has_masthead_and_list(world, ready):
    confirmation = evaluation_confirm(actor=world.county_chief, scheme=ready)
    doc = Document(BytesIO(commendation_docx(confirmation, doc_number="县府办〔2027〕1号")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "某县人民政府办公室"
    assert doc.paragraphs[0].runs[0].font.color.rgb == (0xC0, 0x00, 0x00)
    assert texts[1] == "县府办〔2027〕1号"
    # The title is longer than a line: broken at a word into two lines of even width.
    assert "某县人民政府办公室关于表彰\n2026年度政务信息工作先进的通报" in texts
    assert "一、全县政务信息工作先进集体（1个）" in texts
    assert "城关镇人民政府。" in texts
    assert "二、全县政务信息工作先进个人（1名）" in texts
    assert "张晓梅（城关镇人民政府）。" in texts


def test_demo_helper_installs_and_confirms(world, year, county_scheme):
    """The demo builder's call: presets installed, attestations for the units that
    meet everything else, the list confirmed by the chief editor."""
    target(county_scheme, "township", 40)
    year.run(world.town_a, world.a_officer)
    credit(county_scheme, world.town_b, 5)
    confirmation = awards_demo_confirm(actor=world.county_chief, office=world.county, year=YEAR)
    assert [w.unit for w in confirmation.winners.filter(award__code="advanced_unit")] == [
        world.town_a
    ]
    assert Attestation.objects.filter(unit=world.town_a).count() == 1
    assert not Attestation.objects.filter(unit=world.town_b).exists()


def test_pages(world, ready, login):
    """The chief editor sees every page; a unit officer gets 404; an editor who is not
    the chief cannot override (403); bad input keeps the typed text."""
    scheme = ready
    award = Award.objects.get(scheme=scheme, code="advanced_unit")
    base = f"/awards/{scheme.pk}/"
    candidate = f"{base}awards/{award.pk}/units/{world.town_b.pk}/"
    client = login(world.county_chief)
    for url in ("/awards/", base, candidate, f"{base}officers/?quarter=2"):
        assert client.get(url).status_code == 200, url
    page = client.get(base).content.decode()
    assert "全县政务信息工作先进集体" in page and "城关镇" in page
    # The evidence is one click from the list: the city adoption's item on the unit's page.
    officer_award = Award.objects.get(scheme=scheme, code="advanced_officer")
    town_a = f"{base}awards/{award.pk}/units/{world.town_a.pk}/"
    june = Item.objects.get(title="城关镇人民政府6月信息", forwarded_from=None)
    assert f'href="/items/{june.pk}/"' in client.get(town_a).content.decode()
    person = f"{base}awards/{officer_award.pk}/units/{world.town_a.pk}/?officer="
    assert "所在单位获评先进集体" in client.get(f"{person}{world.a_officer.pk}").content.decode()
    assert client.get(f"{person}x").status_code == 404
    assert client.get(f"{base}notice/").status_code == 404  # not confirmed yet
    stats = load_workbook(BytesIO(client.get(f"{base}officers/?quarter=2&format=xlsx").content))
    rows = list(stats.active.values)
    assert rows[0] == ("单位", "信息员", "报送", "县级采用", "市级采用", "批示", "回应约稿")
    assert rows[1] == ("城关镇人民政府", "张晓梅", 3, 3, 1, 0, 0)
    client.post(f"{base}decide/", {"action": "confirm"})
    refused = client.get(f"{base}notice/", follow=True)  # no 文号 yet
    assert "请先填写表彰通报的文号" in refused.content.decode()
    docx = client.get(f"{base}notice/", {"number": "县府办信息〔2027〕2号"})
    assert docx.status_code == 200
    Document(BytesIO(docx.content))
    sheet = load_workbook(BytesIO(client.get(f"{base}notice/?format=xlsx").content)).active
    assert [c.value for c in sheet[2]] == [
        "全县政务信息工作先进集体",
        1,
        "城关镇人民政府",
        None,
        None,
    ]

    for outsider in (world.a_officer, world.outsider, world.city_editor):
        other = login(outsider)
        for url in (base, candidate, f"{base}notice/", f"{base}officers/"):
            assert other.get(url).status_code == 404, (outsider, url)
    editor = login(world.county_editor)
    response = editor.post(f"{candidate}override/", {"granted": "1", "reason": "特批"})
    assert response.status_code == 403


def test_attest_page_keeps_the_typed_text_on_error(world, year, county_awards, login):
    award = Award.objects.get(scheme=county_awards, code="advanced_unit")
    criterion = award.criteria.get(kind=CriterionKind.ATTESTED)
    url = f"/awards/{county_awards.pk}/awards/{award.pk}/units/{world.town_a.pk}/attest/"
    client = login(world.county_editor)
    response = client.post(url, {"criterion": criterion.pk, "met": "1", "note": ""})
    assert response.status_code == 400
    assert "请填写核实说明" in response.content.decode()
    response = client.post(url, {"criterion": criterion.pk, "met": "1", "note": "已核实"})
    assert response.status_code == 302
    assert Attestation.objects.get(unit=world.town_a).note == "已核实"


@pytest.mark.once
def test_commendation_converts_to_pdf(world, ready, login):
    if not shutil.which("libreoffice"):
        if os.environ.get("GOVDESK_REQUIRE_BROWSER") == "1":
            pytest.fail("GOVDESK_REQUIRE_BROWSER=1 but libreoffice is not installed")
        pytest.skip("libreoffice not installed")
    evaluation_confirm(actor=world.county_chief, scheme=ready)
    number = "县府办信息〔2027〕2号"
    response = login(world.county_chief).get(
        f"/awards/{ready.pk}/notice/", {"format": "pdf", "number": number}
    )
    assert response["Content-Type"] == "application/pdf"
    # Text extraction puts spaces between Latin and CJK runs; compare without them.
    text = "".join(PdfReader(BytesIO(response.content)).pages[0].extract_text().split())
    for expected in ("某县人民政府办公室", number, "先进集体（1个）", "城关镇人民政府"):
        assert expected in text


def test_commendation_date_is_fixed_at_confirmation(world, ready, login):
    """成文日期 is the day the list was confirmed, in every later download; the page says
    so and marks the 文号 that the Word and PDF downloads need as required."""
    tz = ZoneInfo("Asia/Shanghai")
    with clock.frozen_at(datetime(2027, 1, 8, 23, 30, tzinfo=tz)):
        confirmation = evaluation_confirm(actor=world.county_chief, scheme=ready)
    assert str(confirmation.written_on) == "2027-01-08"
    client = login(world.county_chief)
    for later in (datetime(2027, 1, 20, 9, tzinfo=tz), datetime(2027, 3, 2, 9, tzinfo=tz)):
        with clock.frozen_at(later):
            docx = client.get(f"/awards/{ready.pk}/notice/", {"number": "县府办〔2027〕1号"})
        paragraphs = [p.text for p in Document(BytesIO(docx.content)).paragraphs if p.text]
        # 落款 and 成文日期, then the 版记's 印发 line at the foot (GB/T 9704 §7.4).
        assert paragraphs[-3:] == [
            "某县人民政府办公室",
            "2027年1月8日",
            "某县人民政府办公室\t2027年1月8日印发",
        ]
    page = client.get(f"/awards/{ready.pk}/").content.decode()
    assert "表彰通报成文日期：<strong>2027年1月8日</strong>（名单确认之日，每次下载都相同）" in page
    assert '表彰通报文号<span class="required-mark">（必填）</span>' in page
    assert 'name="number" maxlength="50" required' in page
