"""Attachments: the content decides the type, sizes are capped, names cannot escape."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govdesk.audit.models import Change
from govdesk.items.attachments import attachment_add, attachment_remove, inspect, safe_name
from govdesk.items.models import Attachment, Item
from tests.conftest import item_form_data

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
# The first bytes of a Windows executable (MZ header with a PE offset).
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(media_storage):
    """Uploaded files land in the test's own directory."""


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("现场照片.png", PNG, "image"),
        ("汇报材料.docx", _docx(), "document"),
        ("说明.txt", "防汛工作情况说明".encode(), "document"),
        ("说明-gbk.txt", "防汛工作情况说明".encode("gb18030"), "document"),
    ],
)
def test_accepted_files_are_typed_by_content(name, content, kind):
    assert inspect(SimpleUploadedFile(name, content))[1] == kind


def test_a_renamed_executable_is_refused():
    with pytest.raises(ValidationError, match="系统不接收此类文件"):
        inspect(SimpleUploadedFile("现场照片.jpg", EXE))


def test_an_extension_that_lies_about_the_content_is_refused():
    with pytest.raises(ValidationError, match="扩展名与实际内容（png）不符"):
        inspect(SimpleUploadedFile("汇报.pdf", PNG))


def test_an_unrecognisable_binary_is_refused():
    with pytest.raises(ValidationError, match="无法识别"):
        inspect(SimpleUploadedFile("数据.txt", b"\x00\x01\x02" * 100))


def test_an_oversize_file_is_refused_with_its_size_and_the_limit(settings):
    settings.GOVDESK_ATTACHMENT_LIMITS_MB = {**settings.GOVDESK_ATTACHMENT_LIMITS_MB, "image": 1}
    big = PNG + b"\x00" * (1024 * 1024 + 1)
    with pytest.raises(ValidationError, match=r"大小为 1\.0 MB，超过图片的上限 1 MB"):
        inspect(SimpleUploadedFile("大图.png", big))


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\system32\\evil.png", "evil.png"),
        ("/absolute/path/照片.png", "照片.png"),
        ("..", "附件"),
        ("a\x00b<c>.png", "abc.png"),
    ],
)
def test_names_are_reduced_to_a_safe_last_component(raw, safe):
    assert safe_name(raw) == safe


def test_a_traversal_name_is_stored_under_a_generated_path(world):
    item = world.draft()
    attachment = attachment_add(
        item=item,
        actor=world.a_officer,
        upload=SimpleUploadedFile("../../../../etc/cron.d/x.png", PNG),
    )
    assert attachment.original_name == "x.png"
    assert attachment.file.name.startswith("attachments/") and ".." not in attachment.file.name
    assert default_storage.exists(attachment.file.name)
    assert len(attachment.sha256) == 64 and attachment.size == len(PNG)
    assert Change.objects.filter(action="item.attachment_added", target_id=item.pk).exists()


def test_only_those_who_may_edit_can_attach(world):
    item = world.draft()
    with pytest.raises(Exception) as excinfo:
        attachment_add(item=item, actor=world.b_officer, upload=SimpleUploadedFile("a.png", PNG))
    assert excinfo.type.__name__ == "Http404"
    assert not Attachment.objects.exists()


def test_removing_keeps_the_file_a_forwarded_copy_still_uses(
    world, django_capture_on_commit_callbacks
):
    from govdesk.items import services

    item = world.draft()
    attachment = attachment_add(
        item=item, actor=world.a_officer, upload=SimpleUploadedFile("a.png", PNG)
    )
    services.item_transition(item_id=item.pk, action="submit", actor=world.a_officer)
    services.item_transition(item_id=item.pk, action="sign_off", actor=world.a_reviewer)
    copy = services.item_forward(item_id=item.pk, actor=world.county_editor)
    copied = copy.attachments.get()
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=copied, actor=world.city_editor)
    assert default_storage.exists(attachment.file.name)


def test_upload_page_reports_refusals_in_chinese(world, login):
    item = world.draft()
    client = login(world.a_officer)
    response = client.post(
        reverse("items:attachment_upload", args=[item.pk]),
        {"files": [SimpleUploadedFile("照片.jpg", EXE)]},
        follow=True,
    )
    assert "系统不接收此类文件" in response.content.decode()
    assert not Attachment.objects.exists()


def test_download_is_denied_to_other_units(world, login):
    item = world.draft()
    attachment = attachment_add(
        item=item, actor=world.a_officer, upload=SimpleUploadedFile("a.png", PNG)
    )
    url = reverse("items:attachment", args=[attachment.pk])
    assert login(world.b_officer).get(url).status_code == 404
    response = login(world.a_officer).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG


def test_files_chosen_on_a_new_items_form_are_attached_when_it_is_saved(world, login):
    client = login(world.a_officer)
    data = item_form_data(body="城关镇部署防汛工作，落实责任人36名。", save="1")
    data["files"] = [SimpleUploadedFile("现场.png", PNG), SimpleUploadedFile("方案.docx", _docx())]
    response = client.post(reverse("items:new"), data, follow=True)
    item = Item.objects.get()
    assert sorted(a.original_name for a in item.attachments.all()) == ["方案.docx", "现场.png"]
    page = response.content.decode()
    image = item.attachments.get(kind="image")
    assert f'<img class="thumb" src="{reverse("items:attachment", args=[image.pk])}"' in page
    edit = client.get(reverse("items:edit", args=[item.pk])).content.decode()
    # On the form itself: the files and the picker come before the buttons.
    assert (
        edit.index('class="thumb"') < edit.index('name="files"') < edit.index("保存草稿</button>")
    )


def test_a_refused_file_on_the_form_keeps_the_text_and_saves_nothing(world, login):
    client = login(world.a_officer)
    data = item_form_data(body="河口乡开展森林防火巡查。", save_submit="1")
    data["files"] = [SimpleUploadedFile("照片.jpg", EXE)]
    response = client.post(reverse("items:new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "系统不接收此类文件" in page and "河口乡开展森林防火巡查。" in page
    assert not Item.objects.exists() and not Attachment.objects.exists()


def test_an_office_editor_adds_a_file_while_editing_a_submitted_item(world, login):
    item = world.submitted()
    client = login(world.county_editor)
    data = item_form_data(body=item.body, title=item.title, revision=item.revision, save="1")
    data["files"] = [SimpleUploadedFile("补充.png", PNG)]
    client.post(reverse("items:edit", args=[item.pk]), data)
    assert [a.original_name for a in item.attachments.all()] == ["补充.png"]
    assert Change.objects.filter(action="item.attachment_added", actor=world.county_editor).exists()
