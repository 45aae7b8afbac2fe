"""What an uploaded file must be: a clean name, a size within the limit, and content that is what its
extension says (a renamed executable is not a PDF). Types are read from the bytes by `puremagic`; text
files are text when they decode."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import puremagic
from flask import current_app

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.i18n import gettext as _

# extension -> the type a browser is told; what may be previewed in the page is marked.
BINARY = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "vsdx": "application/vnd.ms-visio.drawing",
    "zip": "application/zip",
}
TEXT = {
    "txt": "text/plain",
    "csv": "text/csv",
    "md": "text/markdown",
    "bpmn": "application/xml",
    "xml": "application/xml",
}
PREVIEWED = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}
# Extensions puremagic may name for the same content (JPEG's two spellings, the OLE and zip families).
SAME = {"jpeg": {"jpg"}, "jpg": {"jpeg"}, "vsdx": {"zip", "docx", "xlsx", "pptx"}, "zip": {"docx", "xlsx", "pptx"}}
NAME_MAX = 200


@dataclass(frozen=True)
class Checked:
    filename: str
    mime_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def size_limit() -> int:
    return current_app.config["DOCUMENT_MAX_BYTES"]


def check(filename: str, data: bytes) -> Checked:
    name = clean_name(filename)
    if not data:
        raise ValidationFailed({"file": _("The file %(name)s is empty.", name=name)})
    if len(data) > size_limit():
        raise ValidationFailed({"file": too_large(name)})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in BINARY and extension not in TEXT:
        allowed = ", ".join(sorted({*BINARY, *TEXT}))
        raise ValidationFailed(
            {"file": _("%(name)s: files of this kind are not accepted (%(allowed)s).", name=name, allowed=allowed)}
        )
    if not _content_is(extension, data):
        raise ValidationFailed({"file": _("%(name)s is not really a .%(ext)s file.", name=name, ext=extension)})
    return Checked(name, BINARY.get(extension) or TEXT[extension], data, hashlib.sha256(data).hexdigest())


def too_large(name: str) -> str:
    return _("%(name)s is larger than %(mb)d MB.", name=name, mb=size_limit() // 2**20)


def clean_name(filename: str) -> str:
    """The file's own name, without folders, control characters or characters no file system takes."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[<>:"/\\|?*]', "_", name).strip(" .")
    if not name:
        raise ValidationFailed({"file": _("Give the file a name.")})
    if len(name) > NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: NAME_MAX - len(extension) - 1] + dot + extension) if dot else name[:NAME_MAX]
    return name


def _content_is(extension: str, data: bytes) -> bool:
    if extension in TEXT:
        return b"\x00" not in data and _decodes(data)
    try:
        named = {match.extension.lstrip(".").lower() for match in puremagic.magic_string(data)}
    except puremagic.PureError:
        return False
    return extension in named or bool(named & SAME.get(extension, set()))


def _decodes(data: bytes) -> bool:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False
