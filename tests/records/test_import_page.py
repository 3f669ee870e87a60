"""The administrator's page for moving in: who may open it, the template, a dry run and
an apply through the form, and the export of the same format."""

import io

import openpyxl
import pytest

from govdesk.records.columns import SHEETS
from govdesk.units.models import Unit
from tests.records.test_import import NEW_TOWN, records_file

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, sheets, *, apply: bool, name="台账.xlsx"):
    file = records_file(sheets)
    file.name = name
    return client.post("/records/import/", {"file": file, "apply": "1" if apply else "0"})


@pytest.mark.parametrize("who", ["outsider", "county_editor", "county_chief", "a_officer"])
def test_only_administrators_open_the_page_or_its_downloads(world, login, who):
    client = login(world.people[who])
    for path in ("/records/import/", "/records/import/template.xlsx", "/records/export/"):
        assert client.get(path).status_code == 403


def test_the_administrator_checks_then_applies_through_the_page(world, login):
    client = login(world.county_admin)
    page = client.get("/records/import/")
    assert page.status_code == 200
    assert "往年台账导入" in page.content.decode()

    checked = upload(client, {"单位": [NEW_TOWN]}, apply=False).content.decode()
    assert "检查通过，尚未导入。" in checked and "将新增：单位 1 条。" in checked
    assert not Unit.objects.filter(name="新安镇人民政府").exists()

    bad = upload(client, {"单位": [{**NEW_TOWN, "单位类型": "村"}]}, apply=True).content.decode()
    assert "发现 1 处问题，未导入任何记录。" in bad
    assert "“单位”表第 3 行“单位类型”列：“村”无法识别" in bad

    done = upload(client, {"单位": [NEW_TOWN]}, apply=True)
    assert "已导入：单位 1 条。" in done.content.decode()
    assert Unit.objects.get_parent(Unit.objects.get(name="新安镇人民政府")) == world.county


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
