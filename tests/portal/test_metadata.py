"""Hidden file metadata never reaches the public site: a photo's GPS position and a
document's author are gone from what a visitor downloads."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from PIL import ExifTags, Image

from govdesk.items.attachments import attachment_add
from govdesk.items.services import item_transition
from govdesk.portal import scrub as scrub_module
from govdesk.portal import services
from govdesk.portal.models import ArticleMedia
from govdesk.portal.scrub import CannotScrub


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "相机厂商"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 15.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (120.0, 10.0, 3.0)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _docx_with_author() -> bytes:
    document = Document()
    document.add_paragraph("城关镇防汛工作安排")
    document.core_properties.author = "张晓梅"
    document.core_properties.last_modified_by = "李建国"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_published_photo_has_no_gps(world, portal, client, media_storage):
    photo = _jpeg_with_gps()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    article = _article_from(
        world, portal, [("现场照片.jpg", photo), ("安排.docx", _docx_with_author())]
    )
    image = article.media.get(kind="image")
    served = b"".join(client.get(f"/portal/m/{image.pk}/").streaming_content)
    public = Image.open(io.BytesIO(served))
    assert public.format == "JPEG" and public.size == (64, 48)
    assert dict(public.getexif()) == {}
    assert public.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert "exif" not in public.info


def test_published_document_has_no_author(world, portal, client, media_storage):
    article = _article_from(world, portal, [("安排.docx", _docx_with_author())])
    doc = ArticleMedia.objects.get(article=article)
    served = b"".join(client.get(f"/portal/m/{doc.pk}/").streaming_content)
    props = Document(io.BytesIO(served)).core_properties
    assert (props.author, props.last_modified_by) == ("", "")


def test_files_that_cannot_be_cleaned_are_not_published(world, portal, media_storage):
    article = _article_from(world, portal, [("说明.pdf", b"%PDF-1.4\n%%EOF\n")])
    assert not article.media.exists()


def _article_from(world, portal, uploads):
    item = world.draft(public_release="active")
    for name, data in uploads:
        attachment_add(item=item, actor=world.a_officer, upload=SimpleUploadedFile(name, data))
    item_transition(item_id=item.pk, action="submit", actor=world.a_officer)
    item = item_transition(item_id=item.pk, action="sign_off", actor=world.a_reviewer)
    article = services.article_prepare(
        actor=world.county_web, item_id=item.pk, column_id=portal["tpxw"].pk
    )
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    return services.article_publish(actor=world.county_web, article_id=article.pk)


def _pdf_with_author() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "张晓梅", "/Creator": "某某排版软件"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_is_published_without_its_author(world, portal, media_storage, client):
    article = _article_from(world, portal, [("通知.pdf", _pdf_with_author())])
    (pdf,) = article.media.all()
    served = b"".join(client.get(f"/portal/m/{pdf.pk}/").streaming_content)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(served))
    assert len(reader.pages) == 1
    assert not reader.metadata or "/Author" not in reader.metadata
    assert (
        b"\xe5\xbc\xa0\xe6\x99\x93\xe6\xa2\x85" not in served
        and "/Metadata" not in reader.trailer["/Root"]
    )


needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None,
    reason="ffmpeg is not installed (CI installs Debian's ffmpeg package, see .ci/run)",
)
# A recording's tags as a phone or camera writes them: a title and a place.
TAGS = {"title": "现场录音-张晓梅", "location": "+30.2536+120.1674/", "artist": "李建国"}


def _recording(tmp_path, name: str, *inputs: str) -> bytes:
    """A second of generated sound (and picture), tagged with ``TAGS``."""
    path = tmp_path / name
    tags = [arg for key, value in TAGS.items() for arg in ("-metadata", f"{key}={value}")]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *inputs, "-t", "1", *tags, str(path)],
        check=True,
    )
    return path.read_bytes()


def _tags(tmp_path, data: bytes, name: str) -> dict:
    """Every tag ffprobe finds, the container's and each stream's."""
    path = tmp_path / f"probe-{name}"
    path.write_bytes(data)
    shown = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json",
         str(path)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return shown


SINE = ("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000")
PICTURE = ("-f", "lavfi", "-i", "color=c=red:s=64x48:r=5")


@needs_ffmpeg
@pytest.mark.parametrize(
    ("name", "inputs", "kind"),
    [("现场录音.mp3", SINE, "audio"), ("现场视频.mp4", (*PICTURE, *SINE), "video")],
)
def test_published_audio_and_video_lose_their_tags(
    world, portal, client, media_storage, tmp_path, name, inputs, kind
):
    original = _recording(tmp_path, name, *inputs)
    assert "现场录音-张晓梅" in _tags(tmp_path, original, name)
    article = _article_from(world, portal, [(name, original)])
    (media,) = article.media.all()
    assert (media.kind, media.original_name) == (kind, name)
    served = b"".join(client.get(f"/portal/m/{media.pk}/").streaming_content)
    shown = _tags(tmp_path, served, name)
    for value in TAGS.values():
        assert value not in shown
    assert "张晓梅".encode() not in served and b"+30.2536" not in served
    assert "Lavf" not in shown  # no encoder tag either
    # Still a playable recording of about a second.
    duration = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
         str(tmp_path / f"probe-{name}")],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert 0.9 <= float(duration) <= 1.2
    page = client.get(f"/portal/a/{article.pk}/").content.decode()
    assert f'<{kind} controls preload="metadata" src="/portal/m/{media.pk}/"' in page


def test_the_desk_names_the_files_held_back(world, portal, media_storage, login):
    # An MP3 header and nothing playable after it: ffmpeg cannot read it.
    article = _article_from(
        world,
        portal,
        [("现场录音.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 1600)],
    )
    assert not article.media.exists()
    page = login(world.county_web).get(f"/portal/desk/a/{article.pk}/").content.decode()
    assert (
        "以下附件无法清除隐藏信息（文件无法读取或格式不支持），不随文发布：现场录音.mp3。" in page
    )


def test_without_ffmpeg_recordings_are_held_back(monkeypatch):
    monkeypatch.setattr(scrub_module.shutil, "which", lambda name: None)
    with pytest.raises(CannotScrub) as held:
        scrub_module.scrub(data=b"ID3", kind="audio", name="现场录音.mp3")
    assert str(held.value) == "“现场录音.mp3”无法读取，不能清除隐藏信息，不随文发布。"
