"""Mentors of both kinds: on-campus supervisors (Party A) and cooperative mentors (Party B)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import College, Organisation, TimeStamped
from agreements.models import TrainingBase


class Mentor(TimeStamped):
    """A supervisor (校内导师) of the university or a cooperative mentor (校外合作导师) of a base."""

    class Kind(models.TextChoices):
        SUPERVISOR = "supervisor", _("On-campus supervisor")
        COOPERATIVE = "cooperative", _("Cooperative mentor")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    full_name = models.CharField(_("full name"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentor_profile",
        verbose_name=_("login"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mentors", verbose_name=_("organisation")
    )
    college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="supervisors", verbose_name=_("college")
    )
    base = models.ForeignKey(
        TrainingBase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentors",
        verbose_name=_("base"),
        help_text=_("For a cooperative mentor: the base that recommended them."),
    )
    title = models.CharField(_("professional title"), max_length=50, blank=True)
    field = models.CharField(_("field"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["kind", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="cooperative") | Q(base__isnull=False),
                name="cooperative_mentor_has_base",
                violation_error_message=_("A cooperative mentor belongs to a base."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="supervisor") | Q(college__isnull=False),
                name="supervisor_has_college",
                violation_error_message=_("An on-campus supervisor belongs to a college."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name
