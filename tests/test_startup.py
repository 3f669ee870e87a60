"""Every GovDesk process (web workers, the worker, each command, each test worker) pays
its start-up in CPU: the heavy libraries are imported where they are used, not by the
code every process loads (docs/testing.md, "Speed")."""

import json
import os
import subprocess
import sys

import pytest

# Each costs 0.1–0.5 s of CPU to import (SciPy: datasketch imports it for its LSH classes).
HEAVY = ("numpy", "scipy", "datasketch", "openpyxl", "xlsxwriter", "pypinyin", "pypdf", "jieba")
# A web worker's start, as gunicorn runs it (``govdesk serve``): Django set up, then the
# worker's post_worker_init hook, which loads the URLconf (every view module).
START = """
import json, sys
import django
django.setup()
from govdesk.web.server import options
options()["post_worker_init"](None)
print(json.dumps([
    "govdesk.urls" in sys.modules, sorted(m for m in {heavy} if m in sys.modules)
]))
"""


@pytest.mark.once
def test_a_web_worker_starts_with_its_urls_and_no_heavy_library(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDESK_")}
    env.update(GOVDESK_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="govdesk.settings")
    done = subprocess.run(
        [sys.executable, "-c", START.format(heavy=HEAVY)],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [True, []]
