"""Exports that take long: above GOVDESK_EXPORT_ASYNC_ROWS rows the desk's export is
built by the worker (here inline, huey immediate mode) from the same filters, the
person is told when it is ready, downloads it from 我的导出, nobody else can, and
the hourly purge deletes it after GOVDESK_EXPORT_KEEP_HOURS."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from huey.contrib.djhuey import HUEY
from openpyxl import load_workbook

from govdesk.core.models import Export, ExportState
from govdesk.core.services import exports_purge
from govdesk.lib import clock
from govdesk.notifications.models import Kind, Message


@pytest.fixture
def worker_inline(settings, tmp_path):
    """Tasks run inline; files go to a temporary media directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }
    was, HUEY.immediate = HUEY.immediate, True
    yield HUEY
    HUEY.immediate = was


@pytest.fixture
def three_sent(world, settings):
    """Three items on the desk, two from 河口乡; exports of more than two rows queue."""
    settings.GOVDESK_EXPORT_ASYNC_ROWS = 2
    world.submitted()
    world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡开展环境整治")
    world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡召开村民大会")


def test_small_export_downloads_at_once(world, login, three_sent):
    client = login(world.county_editor)
    response = client.get(reverse("items:desk"), {"unit": world.town_b.pk, "export": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert not Export.objects.exists()


def test_large_export_is_built_by_the_worker_and_announced(
    world, login, three_sent, worker_inline, django_capture_on_commit_callbacks
):
    client = login(world.county_editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("items:desk"), {"export": "xlsx"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("web:exports")
    assert "共 3 行，导出文件正在后台生成，完成后会通知您，也可在本页下载（保留 24 小时）。" in page

    export = Export.objects.get()
    assert (export.user, export.state, export.rows) == (
        world.county_editor,
        ExportState.READY,
        3,
    )
    assert export.expires_at - export.finished_at == timedelta(hours=24)
    note = Message.objects.get(
        deliveries__user=world.county_editor, deliveries__channel="inapp", kind=Kind.EXPORT_READY
    )
    assert note.subject == f"导出文件“{export.name}”已生成，共 3 行"
    assert note.url == reverse("web:exports")

    listing = client.get(reverse("web:exports")).content.decode()
    assert export.name in listing and "可下载" in listing
    download = client.get(reverse("web:export_download", args=[export.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert rows[0][:3] == ("编号", "标题", "报送单位")
    assert len(rows) == 4


def test_the_worker_exports_with_the_pages_filters(
    world, login, three_sent, worker_inline, django_capture_on_commit_callbacks, settings
):
    settings.GOVDESK_EXPORT_ASYNC_ROWS = 1
    client = login(world.county_editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("items:desk"), {"unit": world.town_b.pk, "export": "xlsx"})
    export = Export.objects.get()
    assert export.params == {"unit": str(world.town_b.pk)}
    titles = [row[1] for row in load_workbook(export.file.open("rb")).active.values][1:]
    assert sorted(titles) == ["河口乡召开村民大会", "河口乡开展环境整治"]


def test_nobody_else_downloads_an_export(
    world, login, three_sent, worker_inline, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.county_editor).get(reverse("items:desk"), {"export": "xlsx"})
    export = Export.objects.get()
    other = login(world.county_chief)
    assert other.get(reverse("web:export_download", args=[export.pk])).status_code == 404
    assert export.name not in other.get(reverse("web:exports")).content.decode()


def test_purge_deletes_expired_exports_and_their_files(
    world, login, three_sent, worker_inline, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.county_editor).get(reverse("items:desk"), {"export": "xlsx"})
    export = Export.objects.get()
    storage, name = export.file.storage, export.file.name
    assert exports_purge() == 0
    with clock.frozen_at(export.expires_at + timedelta(minutes=1)):
        assert exports_purge() == 1
    assert not Export.objects.exists() and not storage.exists(name)
