"""Attack inputs, each refused with its exact Chinese message and nothing lost or broken:
hostile uploads, script in text, formulas in spreadsheets, huge and odd input, and
redirects to other sites."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from govdesk.api.errors import CONTROL_MESSAGE, INVALID_REQUEST, MALFORMED
from govdesk.api.items import ITEM_NOT_FOUND
from govdesk.items.models import Attachment, Item
from govdesk.lib import segment
from govdesk.lib.text import BODY_MAX, spreadsheet_cell
from govdesk.web.errors import (
    CSRF_FAILED,
    OUT_OF_RANGE,
    InputLimits,
    max_request_bytes,
    server_error,
)
from tests.conftest import item_form_data

pytestmark = pytest.mark.django_db

JSON = "application/json"
FORM_TOO_LONG = "正文不能超过 20000 个字符（现有 {length} 个），请删减后重试。"
TOO_LARGE_2MB = "提交的内容过大（超过 2 MB），请删减内容或分多次提交；附件请逐个上传。"
BODY = "6月3日上午，城关镇召开防汛工作部署会，全镇12个村共落实防汛责任人36名。"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64  # an OLE header


@pytest.fixture(autouse=True)
def _media(media_storage):
    """Uploaded files land in the test's own directory."""


def _office_zip(content_type: str = DOCX_TYPE, members: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/word/document.xml" ContentType="{content_type}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _upload(client, item, name: str, content: bytes):
    return client.post(
        f"/api/items/{item.pk}/attachments", {"file": SimpleUploadedFile(name, content)}
    )


# --- uploads -------------------------------------------------------------------------


def test_a_macro_document_renamed_docx_is_refused(world, login):
    item = world.draft()
    docm = _office_zip(DOCM_TYPE, {"word/vbaProject.bin": VBA})
    response = _upload(login(world.a_officer), item, "汇报材料.docx", docm)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "“汇报材料.docx”含有宏（VBA 等可执行代码），系统不接收启用宏的文件，"
        "请另存为不含宏的格式（如 .docx、.xlsx）后重新上传。"
    )
    assert not Attachment.objects.exists()


def test_a_vba_project_is_found_without_the_declared_content_type(world, login):
    item = world.draft()
    hidden = _office_zip(members={"word/vbaProject.bin": VBA})
    response = _upload(login(world.a_officer), item, "汇报材料.docx", hidden)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("“汇报材料.docx”含有宏（VBA 等可执行代码）")


def test_a_docx_shaped_zip_bomb_is_refused(world, login, settings):
    settings.GOVDESK_ARCHIVE_INFLATED_MB = 1
    item = world.draft()
    bomb = _office_zip(members={"word/media/fill.bin": b"\0" * (3 * 1024 * 1024)})
    assert len(bomb) < 20 * 1024
    response = _upload(login(world.a_officer), item, "汇报材料.docx", bomb)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "“汇报材料.docx”解压后的内容过大（3 MB，上限 1 MB），可能是压缩炸弹，系统不予接收。"
    )


def test_an_empty_file_is_refused(world, login):
    item = world.draft()
    response = _upload(login(world.a_officer), item, "说明.txt", b"")
    assert response.status_code == 422
    assert response.json()["detail"] == "“说明.txt”是空文件（0 字节），请检查后重新上传。"


def test_a_plain_docx_is_still_accepted(world, login):
    item = world.draft()
    response = _upload(login(world.a_officer), item, "汇报材料.docx", _office_zip())
    assert response.status_code == 201
    assert response.json()["original_name"] == "汇报材料.docx"


@pytest.mark.parametrize("stem", ["防" * 5000, "a" * 5000, "a." * 2500])
def test_a_5000_character_file_name_is_shortened_not_a_500(world, login, stem):
    item = world.draft()
    client = login(world.a_officer)
    response = _upload(client, item, stem + ".txt", "防汛情况说明".encode())
    assert response.status_code == 201
    assert len(response.json()["original_name"]) <= 200
    assert response.json()["original_name"].endswith(".txt")
    page = client.post(
        reverse("items:attachment_upload", args=[item.pk]),
        {"files": SimpleUploadedFile(stem + ".txt", "防汛情况说明".encode())},
    )
    assert page.status_code == 302
    assert item.attachments.count() == 2


# --- script in text ---------------------------------------------------------------------


def test_script_in_a_title_is_shown_as_text(world, login):
    item = world.draft(title="<script>alert('x')</script>防汛会")
    html = login(world.a_officer).get(reverse("items:detail", args=[item.pk])).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;防汛会" in html
    assert "<script>alert(" not in html


# --- spreadsheets -----------------------------------------------------------------------


def test_formulas_and_control_characters_never_reach_an_export(world, login):
    world.submitted(title='=HYPERLINK("http://evil.example","点击")')
    world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡部署防汛")
    # A row written before the limits existed, with a control character in its title.
    Item.objects.filter(unit=world.town_b).update(title="河口乡\x07部署防汛")
    response = login(world.county_editor).get(reverse("items:desk"), {"export": "xlsx"})
    titles = {
        row[1]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    }
    assert titles == {'\'=HYPERLINK("http://evil.example","点击")', "河口乡部署防汛"}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("城关镇=第一", "城关镇=第一"),
        ("铃\x07声", "铃声"),
        (-2, -2),
        (None, None),
    ],
)
def test_spreadsheet_cells_are_neutralised(value, written):
    assert spreadsheet_cell(value) == written


# --- huge and odd input -----------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_by_the_api(world, login):
    response = login(world.a_officer).post(
        "/api/items",
        {"unit": world.town_a.pk, "title": "防汛", "body": "防" * (BODY_MAX + 1)},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"body": ["长度不能超过 20000 个字符。"]}


def test_a_body_over_the_limit_keeps_the_form_and_its_text(world, login):
    body = BODY * (BODY_MAX // len(BODY) + 1)
    response = login(world.a_officer).post(reverse("items:new"), item_form_data(body=body))
    html = response.content.decode()
    assert response.status_code == 200
    assert FORM_TOO_LONG.format(length=len(body)) in html
    assert 'maxlength="20000"' not in html  # the browser would cut a paste silently
    assert body in html
    assert not Item.objects.exists()


@pytest.mark.parametrize("text", ["防汛\x00会", "防汛\x1b[31m会", "防汛\x7f会"])
def test_control_characters_are_refused_by_the_api_as_by_the_form(world, login, text):
    client = login(world.a_officer)
    api = client.post("/api/items", {"unit": world.town_a.pk, "title": text}, content_type=JSON)
    assert api.status_code == 422
    assert api.json()["errors"] == {"title": [CONTROL_MESSAGE]}
    form = client.post(reverse("items:new"), item_form_data(body=BODY, title=text))
    assert form.status_code == 200
    assert form.context["form"].errors["title"] == [CONTROL_MESSAGE]
    assert not Item.objects.exists()


def test_tabs_and_line_breaks_are_plain_text(world, login):
    response = login(world.a_officer).post(
        "/api/items",
        {"unit": world.town_a.pk, "title": "防汛", "body": "第一段\r\n第二段\t完"},
        content_type=JSON,
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/api/items?page=99999999999999999999", "page", "不能大于 1000000。"),
        ("/api/items?page=9223372036854775807", "page", "不能大于 1000000。"),
        ("/api/items?unit=99999999999999999999", "unit", "不能大于 9223372036854775807。"),
        (
            "/api/adoptions?publication=-99999999999999999999",
            "publication",
            "不能小于 -9223372036854775808。",
        ),
    ],
)
def test_numbers_past_the_database_range_are_422(world, login, url, field, message):
    response = login(world.county_editor).get(url)
    assert response.status_code == 422
    assert response.json()["errors"] == {field: [message]}


def test_ids_past_the_database_range_in_a_body_are_422(world, login):
    response = login(world.a_officer).post(
        "/api/items", {"unit": 2**64, "title": "防汛", "author_ids": [2**70]}, content_type=JSON
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "unit": ["不能大于 9223372036854775807。"],
        "author_ids.0": ["不能大于 9223372036854775807。"],
    }


@pytest.mark.parametrize("page", ["9" * 5000, "99999999999999999999", "²", "-3"])
def test_an_odd_search_page_number_shows_a_page(world, login, page):
    world.submitted()
    response = login(world.county_editor).get(reverse("search:search"), {"q": "防汛", "page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "url", "field", "message"),
    [
        ("get", "/api/items/99999999999999999999", "item_id", "不能大于 9223372036854775807。"),
        ("get", "/api/items/9223372036854775808", "item_id", "不能大于 9223372036854775807。"),
        (
            "post",
            "/api/items/-9223372036854775809/actions/submit",
            "item_id",
            "不能小于 -9223372036854775808。",
        ),
        (
            "delete",
            "/api/items/1/attachments/2" + "0" * 19,
            "attachment_id",
            "不能大于 9223372036854775807。",
        ),
        ("get", "/api/issues/99999999999999999999", "issue_id", "不能大于 9223372036854775807。"),
    ],
)
def test_an_id_past_the_range_in_a_path_is_422(world, login, method, url, field, message):
    """Path ids are bounded like query and body ids: 422 with the field and a Chinese
    message, not a 404 that says the object is missing."""
    response = getattr(login(world.a_officer), method)(url, content_type=JSON)
    assert response.status_code == 422
    assert response.json() == {"detail": INVALID_REQUEST, "errors": {field: [message]}}


def test_the_largest_path_id_is_looked_up(world, login):
    response = login(world.a_officer).get("/api/items/9223372036854775807")
    assert response.status_code == 404
    assert response.json() == {"detail": ITEM_NOT_FOUND}


def test_path_ids_declare_the_range_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    parameters = [
        parameter
        for methods in document["paths"].values()
        for operation in methods.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path" and parameter["schema"].get("type") == "integer"
    ]
    assert len(parameters) > 20
    # Ids take the whole 64-bit range; a narrower field (a year) keeps its own bounds.
    for parameter in parameters:
        assert parameter["schema"]["minimum"] >= -(2**63), parameter
        assert parameter["schema"]["maximum"] <= 2**63 - 1, parameter
    ids = [p for p in parameters if p["name"].endswith("id")]
    assert ids and all(p["schema"]["minimum"] == -(2**63) for p in ids)


def test_multipart_without_a_boundary_is_400(world, login):
    item = world.draft()
    response = login(world.a_officer).post(
        f"/api/items/{item.pk}/attachments", b"--x\r\n", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": MALFORMED}


def test_a_json_body_over_the_limit_is_413(world, login):
    response = login(world.a_officer).post(
        "/api/items", '{"title": "' + "防" * 1_000_000 + '"}', content_type=JSON
    )
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE_2MB}


def test_a_form_body_over_the_limit_is_a_413_page(world, login):
    response = login(world.a_officer).post(
        reverse("items:new"), item_form_data(body="防" * 1_000_000)
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "内容过大" in html and TOO_LARGE_2MB in html and 'class="topbar"' in html


def test_a_declared_length_past_every_limit_is_refused_unread(world, login):
    client = login(world.a_officer)
    too_long = max_request_bytes() + 1
    response = client.post("/api/items", b"{}", content_type=JSON, CONTENT_LENGTH=too_long)
    assert response.status_code == 413
    assert response.json() == {
        "detail": "提交的内容过大（超过 501 MB），请删减内容或分多次提交；附件请逐个上传。"
    }


def test_segmentation_is_bounded_for_any_text():
    # The text that took 33 s: one character repeated. Timing is `govdesk bench segment`.
    bounded = segment.bounded("测" * 400_000)
    runs = bounded.split(" ")
    assert len("".join(runs)) == segment.TEXT_MAX
    assert max(len(run) for run in runs) == segment.RUN_MAX
    prose = "城关镇召开防汛工作部署会，全镇12个村落实防汛责任人36名。"
    assert segment.bounded(prose) == prose


# --- redirects and error pages ----------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_next_never_leaves_the_site(world, login, target):
    item = world.draft()
    response = login(world.a_officer).post(
        reverse("items:attachment_upload", args=[item.pk]),
        {"files": SimpleUploadedFile("说明.txt", "防汛".encode()), "next": target},
    )
    assert response.status_code == 302
    assert response.url == reverse("items:detail", args=[item.pk])


def test_next_on_the_site_is_followed(world, login):
    item = world.draft()
    back = reverse("items:edit", args=[item.pk])
    response = login(world.a_officer).post(
        reverse("items:attachment_upload", args=[item.pk]),
        {"files": SimpleUploadedFile("说明.txt", "防汛".encode()), "next": back},
    )
    assert response.url == back


def test_pages_answer_errors_in_chinese_in_the_systems_look(world, login):
    client = login(world.a_officer)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert "页面不存在" in html and "您访问的页面不存在，或您无权查看。" in html
    assert 'class="topbar"' in html and "Not Found" not in html
    assert client.get("/api/no-such-endpoint").json() == {
        "detail": "接口地址不存在，请查阅 /api/docs。"
    }


def test_a_failed_csrf_check_is_a_chinese_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a_officer)
    response = client.post(reverse("items:new"), item_form_data(body=BODY))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>页面已过期</h1>" in html and CSRF_FAILED in html


def test_a_server_error_is_a_chinese_page_or_json(rf):
    page = server_error(rf.get("/items/"))
    assert page.status_code == 500
    assert "服务器处理出错，已记录日志，请稍后重试或联系管理员。" in page.content.decode()
    api = server_error(rf.get("/api/items"))
    assert api.status_code == 500
    assert json.loads(api.content) == {
        "detail": "服务器处理出错，已记录日志，请稍后重试或联系管理员。"
    }


def test_a_value_the_database_refuses_is_a_422_page_not_a_500(world, rf):
    request = rf.post("/awards/")
    request.user = world.a_officer
    response = InputLimits(lambda r: None).process_exception(request, DataError("value too long"))
    assert response.status_code == 422
    assert OUT_OF_RANGE in response.content.decode()
