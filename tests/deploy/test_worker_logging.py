"""Each line the worker logs is printed once. `govdesk run_huey` gives the ``huey`` logger
a handler of its own unless the project's LOGGING configured one; the root's handler
then printed every line a second time (`make demo`, the worker unit's journal)."""

import os
import subprocess
import sys

import pytest

# The worker's logging, in a process that touches no database: once per make test.
pytestmark = pytest.mark.once

# The real `run_huey` command with the project's LOGGING as Django applies it; only the
# consumer is replaced, by one that logs a line from huey and one from the project.
SCRIPT = """
import logging
from unittest import mock

import django
from django.core.management import call_command

django.setup()
from huey.contrib.djhuey import HUEY


class Consumer:
    def run(self):
        logging.getLogger("huey.consumer").info("消费者已启动")
        logging.getLogger("huey").warning("任务执行失败")
        logging.getLogger("govdesk.search").info("索引已更新")


with mock.patch.object(HUEY, "create_consumer", return_value=Consumer()):
    call_command("run_huey")
"""


def _worker_output(tmp_path, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "GOVDESK_LOG_LEVEL"}
    environment.update(DJANGO_SETTINGS_MODULE="govdesk.settings", GOVDESK_VAR_DIR=str(tmp_path))
    environment.update(env)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout + done.stderr


def test_each_worker_line_is_printed_once_with_its_level_and_thread(tmp_path):
    output = _worker_output(tmp_path)
    assert output.count("消费者已启动") == 1, output
    assert output.count("任务执行失败") == 1, output
    assert output.count("索引已更新") == 1, output
    (started,) = [line for line in output.splitlines() if "消费者已启动" in line]
    assert started.endswith("] INFO:huey.consumer:MainThread:消费者已启动")


def test_the_log_level_applies_to_the_worker(tmp_path):
    """GOVDESK_LOG_LEVEL=WARNING (the alert drill's workers): huey's INFO lines go too."""
    output = _worker_output(tmp_path, GOVDESK_LOG_LEVEL="WARNING")
    assert "消费者已启动" not in output and "索引已更新" not in output, output
    assert output.count("任务执行失败") == 1, output
