"""Every GovDesk process (web workers, the worker, each command, each test worker) pays
its start-up in CPU: the heavy libraries are imported where they are used, not by the
code every process loads (docs/testing.md, "Speed")."""

import json
import os
import subprocess
import sys

import pytest

# Each costs 0.05–0.5 s of CPU to import (SciPy through datasketch's LSH classes).
HEAVY = ("scipy", "datasketch", "openpyxl", "xlsxwriter", "pypinyin", "pypdf", "jieba")
START = """
import json, sys
import django
django.setup()
import govdesk.urls
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))
"""


@pytest.mark.once
def test_start_up_imports_no_heavy_library(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDESK_")}
    env.update(GOVDESK_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="govdesk.settings")
    done = subprocess.run(
        [sys.executable, "-c", START.format(heavy=HEAVY)],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
