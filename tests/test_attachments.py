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
from govdesk.items.models import Attachment

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
