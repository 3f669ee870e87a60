"""The 往年台账导入 page through the worker (here inline, huey immediate mode): the upload
is checked by the worker, the run's page shows its state and report, the apply is a
second step also in the worker, all or nothing, and a run whose worker died is taken
back (queued again once, then failed) without anything half applied."""

from datetime import timedelta

import pytest
from django.urls import reverse

from govdesk.audit.models import Change
from govdesk.lib import clock
from govdesk.records import runs
from govdesk.records.models import ImportBatch, ImportRun, RunState
from govdesk.units.models import Unit
from tests.records.test_import import NEW_TOWN, records_file

pytestmark = pytest.mark.django_db
NEW = "新安镇人民政府"


@pytest.fixture
def worker(immediate_queue, settings, tmp_path, django_capture_on_commit_callbacks):
    """Queued tasks run inline once the request's transaction commits; uploads go to a
    temporary media directory. ``worker(fn)`` runs ``fn`` and what it queued."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def upload(client, sheets, name="台账.xlsx"):
    file = records_file(sheets)
    file.name = name
    return client.post(reverse("records:import"), {"file": file})


def actions(run: ImportRun) -> list[str]:
    changes = Change.objects.filter(action__startswith="records.run_", target_id=run.pk)
    return list(changes.order_by("pk").values_list("action", flat=True))


def test_the_worker_checks_the_upload_then_applies_it_when_confirmed(world, login, worker):
    client = login(world.county_admin)
    response = worker(upload, client, {"单位": [NEW_TOWN]})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == f"/records/import/runs/{run.pk}/"
    assert (run.state, run.counts, run.problems, run.attempt) == (
        RunState.CHECKED,
        {"units": 1},
        [],
        1,
    )
    assert not Unit.objects.filter(name=NEW).exists()
    page = client.get(response.url).content.decode()
    assert "检查通过，尚未导入。</b>将新增：单位 1 条。" in page
    assert "确认导入" in page and "hx-trigger" not in page

    response = worker(client.post, reverse("records:run_apply", args=[run.pk]))
    run.refresh_from_db()
    assert (run.state, run.attempt) == (RunState.APPLIED, 1)
    assert run.batch == ImportBatch.objects.get() and run.batch.counts == {"units": 1}
    assert Unit.objects.get_parent(Unit.objects.get(name=NEW)) == world.county
    page = client.get(response.url).content.decode()
    assert "已确认导入，正在后台导入，完成后本页显示结果。" in page
    assert "已导入：</b>单位 1 条。" in page and "确认导入</button>" not in page
    assert actions(run) == [
        "records.run_uploaded",
        "records.run_started",
        "records.run_checked",
        "records.run_apply_requested",
        "records.run_started",
        "records.run_applied",
    ]
    applied = Change.objects.get(action="records.run_applied")
    assert applied.summary == "往年台账“台账.xlsx”：已导入：单位 1 条"
    assert applied.details["owner"] == world.county_admin.pk

    listing = client.get(reverse("records:import")).content.decode()
    assert "台账.xlsx" in listing and "已导入" in listing

    again = worker(client.post, reverse("records:run_apply", args=[run.pk]), follow=True)
    assert "只有检查通过、尚未导入的台账可以确认导入。" in again.content.decode()
    assert Unit.objects.filter(name=NEW).count() == 1


def test_a_file_with_problems_lists_each_in_chinese_and_cannot_be_applied(world, login, worker):
    client = login(world.county_admin)
    worker(upload, client, {"单位": [{**NEW_TOWN, "单位类型": "村"}, {**NEW_TOWN, "上级单位": ""}]})
    run = ImportRun.objects.get()
    assert run.state == RunState.PROBLEMS
    page = client.get(reverse("records:run", args=[run.pk])).content.decode()
    assert "发现 2 处问题，未导入任何记录。" in page
    assert "“单位”表第 3 行“单位类型”列：“村”无法识别" in page
    assert (
        "“单位”表第 4 行“上级单位”列：只有系统超级管理员可以导入顶级办公室，请填写上级单位。"
        in page
    )
    assert "确认导入" not in page
    worker(client.post, reverse("records:run_apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == RunState.PROBLEMS and not Unit.objects.filter(name=NEW).exists()


def test_the_status_page_polls_while_the_worker_has_the_run(world, login):
    run = ImportRun.objects.create(
        created_by=world.county_admin, file_name="台账.xlsx", file="records/x.xlsx"
    )
    client = login(world.county_admin)
    page = client.get(reverse("records:run", args=[run.pk])).content.decode()
    assert "<h1>台账导入任务</h1>" in page and "排队等待检查" in page
    assert f'hx-get="/records/import/runs/{run.pk}/" hx-trigger="every 2s"' in page
    assert "本页会自动更新" in page

    ImportRun.objects.filter(pk=run.pk).update(state=RunState.CHECKING, started_at=clock.now())
    part = client.get(reverse("records:run", args=[run.pk]), headers={"HX-Request": "true"})
    text = part.content.decode()
    assert text.startswith('<div id="run-status"') and "<h1>" not in text
    assert "正在检查" in text and 'hx-trigger="every 2s"' in text

    ImportRun.objects.filter(pk=run.pk).update(state=RunState.FAILED, error="检查时出错：磁盘已满")
    part = client.get(reverse("records:run", args=[run.pk]), headers={"HX-Request": "true"})
    text = part.content.decode()
    assert "处理中断，未导入任何记录。</b>检查时出错：磁盘已满。" in text
    assert "hx-trigger" not in text


@pytest.mark.parametrize("who", ["other_admin", "county_editor", "outsider"])
def test_only_the_uploader_and_a_superuser_see_a_run(offices, login, who, django_user_model):
    run = ImportRun.objects.create(
        created_by=offices.county_admin,
        file_name="台账.xlsx",
        file="records/x.xlsx",
        state=RunState.CHECKED,
        counts={"units": 1},
    )
    client = login(offices.people[who])
    assert client.get(reverse("records:run", args=[run.pk])).status_code == 404
    assert client.post(reverse("records:run_apply", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert run.state == RunState.CHECKED

    root = django_user_model.objects.create_superuser("root", password="x", full_name="系统管理员")
    client = login(root)
    page = client.get(reverse("records:run", args=[run.pk])).content.decode()
    assert "检查通过，尚未导入。" in page and "确认导入" not in page  # the uploader's rights
    assert "台账.xlsx" in client.get(reverse("records:import")).content.decode()
    with pytest.raises(runs.PermissionDenied, match="只有上传人可以确认导入。"):
        runs.import_run_apply(actor=root, run=run)


@pytest.fixture
def checked(world, login, worker):
    """check(sheets): the county administrator's upload, checked by the worker."""

    def check(sheets) -> ImportRun:
        worker(upload, login(world.county_admin), sheets)
        run = ImportRun.objects.get()
        assert run.state == RunState.CHECKED
        return run

    return check


def _died_while_applying(run: ImportRun, *, attempt: int) -> None:
    """What a worker killed mid-apply leaves: the run held, its transaction gone."""
    ImportRun.objects.filter(pk=run.pk).update(
        state=RunState.APPLYING,
        attempt=attempt,
        started_at=clock.now() - timedelta(minutes=31),
    )


def test_a_run_whose_worker_died_is_queued_again_and_applied_once(world, worker, checked):
    run = checked({"单位": [NEW_TOWN]})
    _died_while_applying(run, attempt=1)
    fresh = ImportRun.objects.create(  # held within its lease: left alone
        created_by=world.county_admin,
        file_name="另一份.xlsx",
        file="records/y.xlsx",
        state=RunState.CHECKING,
        attempt=1,
        started_at=clock.now() - timedelta(minutes=5),
    )
    assert worker(runs.import_runs_recover) == 1
    run.refresh_from_db()
    assert (run.state, run.attempt) == (RunState.APPLIED, 2)
    assert Unit.objects.filter(name=NEW).count() == 1
    assert actions(run)[-3:] == [
        "records.run_requeued",
        "records.run_started",
        "records.run_applied",
    ]
    fresh.refresh_from_db()
    assert fresh.state == RunState.CHECKING


def test_a_run_interrupted_twice_is_marked_failed_with_nothing_applied(
    world, login, worker, checked
):
    run = checked({"单位": [NEW_TOWN]})
    _died_while_applying(run, attempt=runs.MAX_ATTEMPTS)
    assert worker(runs.import_runs_recover) == 1
    run.refresh_from_db()
    assert (run.state, run.error) == (RunState.FAILED, "后台处理 2 次均中断")
    assert actions(run)[-1] == "records.run_failed"
    assert not Unit.objects.filter(name=NEW).exists() and not ImportBatch.objects.exists()
    page = login(world.county_admin).get(reverse("records:run", args=[run.pk])).content.decode()
    assert "处理中断，未导入任何记录。</b>后台处理 2 次均中断。请重新上传" in page


def test_an_error_mid_apply_rolls_everything_back_and_fails_the_run(
    world, worker, checked, monkeypatch
):
    run = checked({"单位": [NEW_TOWN, {**NEW_TOWN, "单位名称": "新桥镇"}]})

    def power_cut(batch):
        assert Unit.objects.filter(name="新桥镇").exists()  # both rows were written …
        raise OSError("断电")

    monkeypatch.setattr("govdesk.records.services._rescore", power_cut)
    worker(runs.import_run_apply, actor=world.county_admin, run=run)
    run.refresh_from_db()
    assert (run.state, run.error) == (RunState.FAILED, "导入时出错：断电")
    assert not Unit.objects.filter(name__in=[NEW, "新桥镇"]).exists()  # … and none kept
    assert not ImportBatch.objects.exists() and run.batch is None


def test_a_worker_that_outlived_its_lease_cannot_commit_over_the_retry(
    world, worker, checked, monkeypatch
):
    run = checked({"单位": [NEW_TOWN]})
    real = runs.records_import

    def slow(**kwargs):
        report = real(**kwargs)
        # Meanwhile the recovery gave the run to another worker (its second claim). In
        # the test that write shares the apply's transaction, so it rolls back with it.
        ImportRun.objects.filter(pk=run.pk).update(attempt=2)
        return report

    monkeypatch.setattr(runs, "records_import", slow)
    worker(runs.import_run_apply, actor=world.county_admin, run=run)
    run.refresh_from_db()
    assert (run.state, run.attempt, run.batch) == (RunState.APPLYING, 1, None)
    assert not Change.objects.filter(action="records.run_applied").exists()
    assert not Unit.objects.filter(name=NEW).exists() and not ImportBatch.objects.exists()
