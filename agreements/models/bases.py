"""Joint training bases, their parties, and who administers them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, TimeStamped


class Party(models.TextChoices):
    """The two parties of an agreement."""

    A = "A", _("Party A (university)")
    B = "B", _("Party B (enterprise)")


class TrainingBase(TimeStamped):
    """A joint training base (联合培养基地) an enterprise hosts for the university."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Being set up")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200, unique=True)
    enterprise = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="bases",
        limit_choices_to={"kind": Organisation.Kind.ENTERPRISE},
        verbose_name=_("enterprise (Party B)"),
    )
    university = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="hosted_bases",
        limit_choices_to={"kind": Organisation.Kind.UNIVERSITY},
        verbose_name=_("university (Party A)"),
    )
    office_department = models.CharField(
        _("office attached to"),
        max_length=100,
        blank=True,
        help_text=_("The enterprise department the base office is attached to."),
    )
    office_contact = models.CharField(_("office contact"), max_length=100, blank=True)
    office_phone = models.CharField(_("office phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training base")
        verbose_name_plural = _("training bases")
        ordering = ["name"]
        permissions = [("manage_base", _("Can administer this base on behalf of the enterprise"))]

    def __str__(self) -> str:
        return self.name


class BaseUserObjectPermission(UserObjectPermissionBase):
    """Guardian's per-user grant on a base, with a real foreign key (fast joins, no generic IN lists)."""

    content_object = models.ForeignKey(TrainingBase, on_delete=models.CASCADE)


class BaseGroupObjectPermission(GroupObjectPermissionBase):
    """Guardian's per-group grant on a base."""

    content_object = models.ForeignKey(TrainingBase, on_delete=models.CASCADE)
