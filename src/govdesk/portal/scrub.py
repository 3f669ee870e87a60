"""Removing hidden file metadata before an attachment goes online (发布前审查).

Pictures are re-encoded from their pixels alone, so no EXIF (camera, time, GPS
position), XMP or text chunk survives; .docx files lose their core properties'
author fields; PDF files lose their document information (author, creator, dates)
and XMP metadata, the document's and every page's (pypdf); audio and video files are
re-muxed by ffmpeg without their container's tags (title, artist, recording place and
time, GPS), the streams copied as they are. A file this module cannot clean (old
Office formats, an encrypted PDF, a recording ffmpeg cannot read) is not published at
all, and the desk names it."""

import io
import mimetypes
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

# Pillow format -> (format written, extension, media type). Formats other than these
# are written as PNG, which loses nothing visible.
_IMAGE_OUT = {
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
    "WEBP": ("WEBP", "webp", "image/webp"),
}
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Core properties that name or describe the people behind a document.
_DOCX_PERSONAL = ("author", "last_modified_by", "comments", "keywords", "category", "subject")


# Re-muxing copies the streams, so it takes seconds even for a long video; a file
# that keeps ffmpeg longer than this is not one to publish unread.
FFMPEG_TIMEOUT = 300


class CannotScrub(Exception):
    """The file's metadata cannot be removed: it must not be published."""


def scrub_image(data: bytes) -> tuple[bytes, str, str]:
    """The picture without metadata: (bytes, extension, media type)."""
    with Image.open(io.BytesIO(data)) as opened:
        source_format = opened.format
        # Apply the EXIF orientation first: once EXIF is gone the picture must stand upright.
        upright = ImageOps.exif_transpose(opened)
    fmt, ext, mime = _IMAGE_OUT.get(source_format, _IMAGE_OUT["PNG"])
    mode = upright.mode
    if mode not in ("RGB", "RGBA", "L", "LA"):
        mode = "RGBA" if "transparency" in upright.info or mode.endswith("A") else "RGB"
        upright = upright.convert(mode)
    if fmt == "JPEG" and mode in ("RGBA", "LA"):
        upright = upright.convert("RGB")
    # A new image from the pixels alone carries no info dictionary to re-write.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    out = io.BytesIO()
    clean.save(out, format=fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue(), ext, mime


# python-docx and pypdf are imported on first use, not at start-up (docs/testing.md, "Speed").


def scrub_docx(data: bytes) -> bytes:
    from docx import Document

    document = Document(io.BytesIO(data))
    props = document.core_properties
    for name in _DOCX_PERSONAL:
        setattr(props, name, "")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scrub_pdf(data: bytes) -> bytes:
    """The PDF without its metadata; ``ValueError`` if pypdf cannot read it or it is
    encrypted."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValueError("encrypted")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None  # the /Info dictionary: author, creator, producer, dates
        writer.xmp_metadata = None
        for page in writer.pages:
            for key in ("/Metadata", "/PieceInfo"):
                page.pop(key, None)
        out = io.BytesIO()
        writer.write(out)
    except PyPdfError as error:
        raise ValueError(str(error)) from error
    return out.getvalue()


def scrub_media(data: bytes, ext: str) -> bytes:
    """An audio or video file re-muxed with no metadata: global, stream and chapter
    tags dropped (``-map_metadata -1``, ``-map_chapters -1``) and no encoder tag
    (``bitexact``); the streams are copied, not re-encoded."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise OSError("ffmpeg is not installed")
    with tempfile.TemporaryDirectory(prefix="govdesk-scrub-") as tmp:
        source, target = Path(tmp, f"in.{ext}"), Path(tmp, f"out.{ext}")
        source.write_bytes(data)
        subprocess.run(
            [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", source,
             "-map", "0", "-map_metadata", "-1", "-map_chapters", "-1", "-c", "copy",
             "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
             target],
            check=True, capture_output=True, timeout=FFMPEG_TIMEOUT,
        )  # fmt: skip
        return target.read_bytes()


def scrub(*, data: bytes, kind: str, name: str) -> tuple[bytes, str, str]:
    """(clean bytes, extension, media type) for an attachment, or ``CannotScrub``."""
    if kind == "image":
        try:
            return scrub_image(data)
        except (OSError, ValueError) as error:
            raise CannotScrub(f"图片“{name}”无法读取，不能发布。") from error
    if name.lower().endswith(".docx"):
        return scrub_docx(data), "docx", DOCX_MIME
    if name.lower().endswith(".pdf"):
        try:
            return scrub_pdf(data), "pdf", "application/pdf"
        except (OSError, ValueError) as error:
            raise CannotScrub(
                f"“{name}”无法读取或已加密，不能清除隐藏信息，不随文发布。"
            ) from error
    if kind in ("audio", "video"):
        ext = name.rsplit(".", 1)[-1].lower()
        try:
            clean = scrub_media(data, ext)
        except (OSError, subprocess.SubprocessError) as error:
            raise CannotScrub(f"“{name}”无法读取，不能清除隐藏信息，不随文发布。") from error
        return clean, ext, mimetypes.guess_type(f"x.{ext}")[0] or f"{kind}/{ext}"
    raise CannotScrub(f"“{name}”无法清除隐藏信息，不随文发布。")
