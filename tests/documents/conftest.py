"""The three documents the GB/T 9704 tests check, built through the real services on
``world``: a six-article bulletin issue, the March monthly notice, a commendation
notice."""

import pytest

from govdesk.awards.exports import commendation_docx
from govdesk.awards.models import Criterion, CriterionKind
from govdesk.awards.services import attestation_set, evaluation_confirm
from govdesk.bulletins.document import issue_docx
from govdesk.lib import periods
from govdesk.scoring import exports, notices
from tests.fixtures.scoring import YEAR


@pytest.fixture(autouse=True)
def _media(media_storage):
    """Documents and uploads land in the test's own directory."""


ARTICLES = [
    ("城关镇召开防汛工作部署会", "城关镇部署今年防汛工作，落实责任到村到人。"),
    ("河口乡秋粮收购过半", "河口乡秋粮收购进度过半，收购价格保持稳定。"),
    ("县应急管理局开展应急演练", "县应急管理局组织开展地质灾害应急演练。"),
    ("城关镇推进老旧小区改造", "城关镇今年改造老旧小区十二个，惠及居民三千余户。"),
    ("河口乡发展特色种植", "河口乡引导农户发展特色种植，带动增收。"),
    ("县应急管理局排查安全隐患", "县应急管理局开展安全生产隐患排查整治。"),
]


@pytest.fixture
def bulletin(world, adopted, released):
    """A released six-article issue of 《快讯》, each article several paragraphs long."""
    authors = [(world.town_a, world.a_officer), (world.town_b, world.b_officer)]
    authors.append((world.dept, world.d_officer))
    items = []
    for index, (title, text) in enumerate(ARTICLES):
        unit, officer = authors[index % 3]
        content = "\n".join([text] + [text * 4] * 3)
        items.append(adopted(unit=unit, by=officer, title=title, body=content))
    return issue_docx(released(*items))


@pytest.fixture
def monthly(scored):
    notice = notices.notice(scored, periods.month(YEAR, 3))
    return exports.notice_docx(notice, doc_number="县府办信息通〔2026〕3号")


@pytest.fixture
def commendation(world, year, county_awards):
    """城关镇 meets every 先进集体 condition; the list is confirmed."""
    year.run(world.town_a, world.a_officer)
    criterion = Criterion.objects.get(
        award__scheme=county_awards, award__code="advanced_unit", kind=CriterionKind.ATTESTED
    )
    attestation_set(
        actor=world.county_editor, criterion=criterion, unit=world.town_a, met=True, note="已核"
    )
    confirmation = evaluation_confirm(actor=world.county_chief, scheme=county_awards)
    return commendation_docx(confirmation, doc_number="县府办信息〔2027〕1号")
