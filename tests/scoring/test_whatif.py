"""What-if (方案测算): a draft scheme priced on the year's events beside the ledger."""

import pytest

from govdesk.lib import periods
from govdesk.scoring import whatif
from govdesk.scoring.models import LedgerLine
from govdesk.scoring.services import scheme_install_preset

pytestmark = pytest.mark.django_db


def test_what_if_ranks_a_draft_beside_the_scheme_in_force(world, scored, login):
    """Draft for 2027 raising 县应急管理局's 综合 price: ranked on 2026 events."""
    draft = scheme_install_preset(actor=None, office=world.county, year=2027, preset="county")
    draft.rules.filter(label="《专报信息》综合性信息").update(points=20)
    rows = {r.unit_name: r for r in whatif.compare(scored, draft, periods.month(2026, 3))}
    assert (rows["县应急管理局"].score, rows["县应急管理局"].draft_score) == (3, 20)
    assert (rows["城关镇"].draft_score, rows["城关镇"].rank_change) == (12, 0)
    assert not LedgerLine.objects.filter(scheme=draft).exists()  # nothing stored
    page = login(world.county_editor).get(f"/scoring/{scored.pk}/compare/?draft={draft.pk}&month=3")
    assert page.status_code == 200 and "测算得分" in page.content.decode()
