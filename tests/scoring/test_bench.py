"""`govdesk bench scoring` at a small size: it builds, rebuilds, ranks and exports,
prints one JSON line, and --reuse measures the same data again without building it."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from govdesk.scoring.models import LedgerLine, Scheme

pytestmark = pytest.mark.django_db

SMALL = ["--units", "40", "--items", "600", "--adoptions", "200", "--annotations", "20",
         "--penalties", "10", "--repeat", "1"]  # fmt: skip


def bench(*args) -> dict:
    out = StringIO()
    call_command("bench", "scoring", *SMALL, *args, stdout=out)
    return json.loads(out.getvalue())


def test_bench_scoring_builds_measures_and_reuses():
    first = bench()
    scheme = Scheme.objects.get()
    assert first["ledger_lines"] == LedgerLine.objects.filter(scheme=scheme).count() > 100
    assert scheme.summarised and first["reused"] is False and first["build_s"] > 0
    assert first["annual_ranking_s"] > 0 and first["ranking_vs_floor"] > 0
    assert 0 < first["monthly_notice_cpu_s"] <= first["monthly_notice_docx_xlsx_s"] + 0.01
    again = bench("--reuse")
    assert again["reused"] is True and again["build_s"] == 0
    assert again["ledger_lines"] == first["ledger_lines"]
    assert Scheme.objects.count() == 1  # measured on the same scheme, nothing added


def test_reuse_needs_an_earlier_run():
    with pytest.raises(Exception, match="没有可复用的基准数据"):
        bench("--reuse")
