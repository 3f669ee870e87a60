"""Attachment intake: the file's content decides its type, never its name.

A renamed executable, an oversize video or a name like ``../../etc/passwd.jpg``
is refused or neutralised here with a message the officer can act on.
"""

import hashlib
import json
import os
import unicodedata
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from govdesk import policy
from govdesk.audit.services import record
from govdesk.items.models import Attachment, AttachmentKind, Item
from govdesk.lib import clock

# Detected type -> (kind, extensions a file of that type may carry).
_OLE = {"doc", "xls", "ppt", "wps", "et", "dps"}  # one container format, told apart by name only
_OOXML = {"docx", "xlsx", "pptx"}  # zip containers; filetype looks inside
ALLOWED: dict[str, tuple[str, set[str]]] = {
    "jpg": (AttachmentKind.IMAGE, {"jpg", "jpeg"}),
    "png": (AttachmentKind.IMAGE, {"png"}),
    "gif": (AttachmentKind.IMAGE, {"gif"}),
    "bmp": (AttachmentKind.IMAGE, {"bmp"}),
    "webp": (AttachmentKind.IMAGE, {"webp"}),
    "tif": (AttachmentKind.IMAGE, {"tif", "tiff"}),
    "mp4": (AttachmentKind.VIDEO, {"mp4"}),
    "m4v": (AttachmentKind.VIDEO, {"m4v", "mp4"}),
    "mov": (AttachmentKind.VIDEO, {"mov"}),
    "avi": (AttachmentKind.VIDEO, {"avi"}),
    "mkv": (AttachmentKind.VIDEO, {"mkv"}),
    "webm": (AttachmentKind.VIDEO, {"webm"}),
    "wmv": (AttachmentKind.VIDEO, {"wmv"}),
    "flv": (AttachmentKind.VIDEO, {"flv"}),
    "3gp": (AttachmentKind.VIDEO, {"3gp"}),
    "mp3": (AttachmentKind.AUDIO, {"mp3"}),
    "wav": (AttachmentKind.AUDIO, {"wav"}),
    "m4a": (AttachmentKind.AUDIO, {"m4a"}),
    "aac": (AttachmentKind.AUDIO, {"aac"}),
    "amr": (AttachmentKind.AUDIO, {"amr"}),
    "flac": (AttachmentKind.AUDIO, {"flac"}),
    "ogg": (AttachmentKind.AUDIO, {"ogg"}),
    "pdf": (AttachmentKind.DOCUMENT, {"pdf"}),
    "rtf": (AttachmentKind.DOCUMENT, {"rtf"}),
    "odt": (AttachmentKind.DOCUMENT, {"odt"}),
    "ods": (AttachmentKind.DOCUMENT, {"ods"}),
    "odp": (AttachmentKind.DOCUMENT, {"odp"}),
    **{ext: (AttachmentKind.DOCUMENT, _OLE) for ext in ("doc", "xls", "ppt")},
    **{ext: (AttachmentKind.DOCUMENT, {ext}) for ext in _OOXML},
}
_ZIPPED = _OOXML | {"odt", "ods", "odp"}
_OLE_MACRO_MARK = "_VBA_PROJECT".encode("utf-16-le")  # the VBA storage's directory entry
# A member this much larger inflated than stored is a bomb, not a document (text XML
# compresses about 10:1); the ratio is checked above a size where it can matter.
BOMB_RATIO = 100
BOMB_RATIO_FROM = 10 * 1024 * 1024
TEXT_EXTENSIONS = {"txt"}
ACCEPT_ATTRIBUTE = ",".join(
    sorted({f".{e}" for _, exts in ALLOWED.values() for e in exts} | {".txt"})
)


def safe_name(name: str) -> str:
    """Keep only the last path component, printable characters, at most 200 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    name = name.strip(" .")
    if not name:
        name = "附件"
    stem, dot, ext = name.rpartition(".")
    if dot and len(name) > 200:
        name = stem[: 199 - len(ext)] + "." + ext
    return name[:200]


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut by the sample boundary is still text.
            if exc.start >= len(head) - 3:
                return True
    return False


def inspect(upload) -> tuple[str, str, str]:
    """Return (safe name, kind, mime) or raise ValidationError with a Chinese message."""
    name = safe_name(upload.name)
    ext = _extension(name)
    if not upload.size:
        raise ValidationError(f"“{name}”是空文件（0 字节），请检查后重新上传。")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    detected = filetype.guess(head)
    if detected is None:
        if ext in TEXT_EXTENSIONS and _looks_like_text(head):
            kind, mime = AttachmentKind.DOCUMENT, "text/plain"
        else:
            raise ValidationError(f"无法识别“{name}”的文件类型，请上传图片、音视频或常用文档。")
    else:
        allowed = ALLOWED.get(detected.extension)
        if allowed is None:
            raise ValidationError(
                f"“{name}”的实际内容是 {detected.extension} 类型文件，系统不接收此类文件。"
            )
        kind, extensions = allowed
        if ext not in extensions:
            raise ValidationError(
                f"“{name}”的扩展名与实际内容（{detected.extension}）不符，请确认文件后重新上传。"
            )
        mime = detected.mime
    if detected is not None and detected.extension in _ZIPPED:
        _check_container(upload, name)
    elif detected is not None and detected.extension in _OLE:
        _check_ole(upload, name)
    limit_mb = settings.GOVDESK_ATTACHMENT_LIMITS_MB[kind]
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            f"“{name}”大小为 {upload.size / 1024 / 1024:.1f} MB，"
            f"超过{AttachmentKind(kind).label}的上限 {limit_mb} MB。"
        )
    return name, kind, mime


def _macro_refusal(name: str) -> ValidationError:
    return ValidationError(
        f"“{name}”含有宏（VBA 等可执行代码），系统不接收启用宏的文件，"
        "请另存为不含宏的格式（如 .docx、.xlsx）后重新上传。"
    )


def _check_container(upload, name: str) -> None:
    """Office and OpenDocument files are zip archives: refuse macros whatever the file's
    extension, and archives that would inflate past the limit (a zip bomb)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            content_types = (
                archive.read("[Content_Types].xml")
                if "[Content_Types].xml" in archive.namelist()
                else b""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError) as exc:
        raise ValidationError(f"“{name}”文件已损坏，无法打开，请检查后重新上传。") from exc
    finally:
        upload.seek(0)
    limit_mb = settings.GOVDESK_ARCHIVE_INFLATED_MB
    inflated = sum(m.file_size for m in members)
    bomb = any(
        m.file_size > BOMB_RATIO_FROM and m.file_size > BOMB_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if inflated > limit_mb * 1024 * 1024 or bomb:
        raise ValidationError(
            f"“{name}”解压后的内容过大（{inflated / 1024 / 1024:.0f} MB，"
            f"上限 {limit_mb} MB），可能是压缩炸弹，系统不予接收。"
        )
    # Macros: VBA projects in OOXML (declared in the content types), Basic in OpenDocument.
    names = [m.filename.lower() for m in members]
    if b"macroEnabled" in content_types or any(
        n.endswith("vbaproject.bin") or n.startswith("basic/") for n in names
    ):
        raise _macro_refusal(name)


def _check_ole(upload, name: str) -> None:
    """Old binary Office files (.doc, .xls …) keep macros in a storage named _VBA_PROJECT."""
    upload.seek(0)
    tail = b""
    for chunk in upload.chunks():
        if _OLE_MACRO_MARK in tail + chunk:
            upload.seek(0)
            raise _macro_refusal(name)
        tail = chunk[-len(_OLE_MACRO_MARK) :]
    upload.seek(0)


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attachment_add(*, item: Item, actor, upload) -> Attachment:
    policy.require(actor, "item.attach", item)
    name, kind, mime = inspect(upload)
    attachment = Attachment(
        item=item,
        original_name=name,
        kind=kind,
        mime=mime,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=actor,
        uploaded_at=clock.now(),
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record(
        actor=actor,
        action="item.attachment_added",
        target=item,
        summary=f"上传附件“{name}”",
        attachment_id=attachment.pk,
        size=upload.size,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor) -> None:
    item = attachment.item
    policy.require(actor, "item.attach", item)
    name = attachment.original_name
    shared = Attachment.objects.filter(file=attachment.file.name).exclude(pk=attachment.pk)
    stored = attachment.file.name
    attachment.delete()
    if not shared.exists():
        # Forwarded copies share the stored file; remove it only with its last row.
        transaction.on_commit(lambda: attachment.file.storage.delete(stored))
    record(
        actor=actor,
        action="item.attachment_removed",
        target=item,
        summary=f"删除附件“{name}”",
        name=os.path.basename(stored),
    )


def client_rules() -> str:
    """What the item form's script checks before a save (items/form.js): each
    extension's kind and each kind's limit, so a wrong-type or oversize file is refused
    at once with the message ``inspect`` would give after the upload."""
    kinds = {ext: kind for kind, exts in ALLOWED.values() for ext in exts}
    kinds.update({ext: AttachmentKind.DOCUMENT for ext in TEXT_EXTENSIONS | _OLE})
    limits = {
        kind: [mb, AttachmentKind(kind).label]
        for kind, mb in settings.GOVDESK_ATTACHMENT_LIMITS_MB.items()
    }
    return json.dumps({"kinds": kinds, "limits": limits}, ensure_ascii=False)
