"""Versions of the agreement's standard text. A change is always a new version."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.documents import unknown_placeholders
from agreements.models import Agreement, AgreementTemplate

DEFAULT_TEMPLATE_NAME = "研究生联合培养基地协议（标准文本）"
DEFAULT_TEMPLATE_FILE = Path(__file__).resolve().parent.parent / "standard_text" / "default_agreement.txt"


PUBLISH_ATTEMPTS = 3


def template_publish_version(
    *, name: str, body: str, change_note: str = "", created_by: User | None = None
) -> AgreementTemplate:
    """Publish a new version of the template called ``name``; earlier versions stay as they were."""
    name = name.strip()
    unknown = unknown_placeholders(body)
    if unknown:
        raise ValidationError(
            {
                "body": _("Unknown blanks: %(names)s. Use only the placeholders listed beside the text.")
                % {"names": ", ".join(unknown)}
            }
        )
    for _attempt in range(PUBLISH_ATTEMPTS):
        try:
            with transaction.atomic():
                return _publish(name=name, body=body, change_note=change_note, created_by=created_by)
        except IntegrityError:
            # Another editor published the same number at the same moment: count again.
            continue
    raise ValidationError(_("Another version of this template is being published; please try again."))


def _publish(*, name: str, body: str, change_note: str, created_by: User | None) -> AgreementTemplate:
    # Wait for any editor publishing this template now; the next statement then sees their version.
    list(AgreementTemplate.objects.select_for_update().filter(name=name).values_list("pk", flat=True))
    latest = AgreementTemplate.objects.filter(name=name).aggregate(v=Max("version"))["v"] or 0
    template = AgreementTemplate(
        name=name, version=latest + 1, body=body, change_note=change_note.strip(), created_by=created_by
    )
    template.full_clean(validate_constraints=False)  # the unique version is the database's to enforce
    template.save()
    return template


@transaction.atomic
def template_ensure_default() -> AgreementTemplate:
    """The latest version of the default standard text, publishing version 1 if there is none."""
    latest = AgreementTemplate.objects.filter(name=DEFAULT_TEMPLATE_NAME).order_by("-version").first()
    if latest is not None:
        return latest
    return template_publish_version(
        name=DEFAULT_TEMPLATE_NAME,
        body=DEFAULT_TEMPLATE_FILE.read_text(encoding="utf-8"),
        change_note="初始版本",
    )


def template_latest_for(agreement: Agreement) -> AgreementTemplate:
    """The newest version of the template an agreement was made from (the default if it had none)."""
    if agreement.template is not None:
        newest = AgreementTemplate.objects.filter(name=agreement.template.name).order_by("-version").first()
        if newest is not None:
            return newest
    return template_ensure_default()
