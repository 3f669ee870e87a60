"""The administrator's page for moving in: who may open it, the upload form (the check
and the apply through the worker: ``test_import_runs``), the template, and the export
of the same format."""

import io

import openpyxl
import pytest

from govdesk.records.columns import SHEETS

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("who", ["outsider", "county_editor", "county_chief", "a_officer"])
def test_only_administrators_open_the_page_or_its_downloads(world, login, who):
    client = login(world.people[who])
    for path in ("/records/import/", "/records/import/template.xlsx", "/records/export/"):
        assert client.get(path).status_code == 403


def test_the_page_offers_the_upload_the_template_and_the_export(world, login):
    page = login(world.county_admin).get("/records/import/").content.decode()
    assert "<h1>往年台账导入</h1>" in page
    assert '<button class="btn btn-primary" type="submit">上传并检查</button>' in page
    assert "下载模板（.xlsx）" in page and "导出（.xlsx）" in page
    assert "最近的导入任务" not in page  # nothing uploaded yet


def test_a_file_of_another_format_is_refused_by_the_form(world, login):
    client = login(world.county_admin)
    file = io.BytesIO(b"old")
    file.name = "台账.xls"
    response = client.post("/records/import/", {"file": file, "apply": "0"})
    assert "请上传 .xlsx 或 .csv 文件（旧版 .xls 请先另存为 .xlsx）。" in response.content.decode()


def test_template_and_export_download_in_the_one_format(world, login):
    client = login(world.county_admin)
    response = client.get("/records/import/template.xlsx")
    assert response["Content-Type"] == XLSX
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [sheet.title for sheet in SHEETS]

    response = client.get("/records/export/", {"office": world.county.pk, "year": 2026})
    assert response["Content-Type"] == XLSX
    units = openpyxl.load_workbook(io.BytesIO(response.content))["单位"]
    assert [row[0] for row in units.iter_rows(min_row=3, values_only=True)] == [
        "某市人民政府办公室",
        "某县人民政府办公室",
        "城关镇人民政府",
        "河口乡人民政府",
        "县应急管理局",
    ]


def test_an_administrator_cannot_export_another_countys_records(offices, login):
    client = login(offices.other_admin)
    response = client.get("/records/export/", {"office": offices.county.pk, "year": 2026})
    assert response.status_code == 302 and response.url == "/records/import/"
