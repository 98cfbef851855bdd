"""Private uploads: scans, CVs and materials.

Files are stored under MEDIA_ROOT, which no URL serves. They are sent only by views that first
find the owning object through a selector (so a file out of scope is a 404), as attachments.
Names are sanitised and prefixed with a random folder, so an upload can neither choose its
path nor overwrite another.
"""

import uuid
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "zip"]


@deconstructible
class PrivateUploadTo:
    """An ``upload_to`` that stores ``<prefix>/<random>/<sanitised name>``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance: Any, filename: str) -> str:
        name = get_valid_filename(PurePath(filename).name)[-100:] or "upload"
        return f"{self.prefix}/{uuid.uuid4().hex}/{name}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrivateUploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def validate_upload_size(file: Any) -> None:
    """Refuse files over the upload limit."""
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)d MB); the limit is %(limit)d MB."),
            code="file_too_large",
            params={"size": file.size // (1024 * 1024), "limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )


DOCUMENT_VALIDATORS: list[Callable[[Any], None]] = [FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_upload_size]


def serve_private_file(field: FieldFile) -> FileResponse:
    """Send a stored file as an attachment; a missing file is a 404."""
    if not field or not field.name:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=PurePath(field.name).name)
