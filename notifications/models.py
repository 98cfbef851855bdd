"""Notices to users: each one is also its own dispatch record, so it goes out exactly once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStamped


class Kind(models.TextChoices):
    """What a notice is about; users choose e-mail on or off per kind."""

    NOTICE_FILED = "notice_filed", _("A practice notice was filed")
    NOTICE_SHORT = "notice_short", _("A practice notice with less than a month's warning")
    NOTICE_REMINDER = "notice_reminder", _("A practice notice takes effect in a week")
    NOTICE_EFFECTIVE = "notice_effective", _("A practice notice took effect")
    EVALUATION_DUE = "evaluation_due", _("A biennial evaluation is due soon")
    EVALUATION_OVERDUE = "evaluation_overdue", _("A biennial evaluation is overdue")
    AGREEMENT_EXPIRING = "agreement_expiring", _("An agreement is reaching its last day")
    ASSESSMENT_OVERDUE = "assessment_overdue", _("Monthly assessments are overdue")
    APPOINTMENT_EXPIRING = "appointment_expiring", _("A mentor's appointment is ending")


class Notification(TimeStamped):
    """One notice to one user: in the inbox always, by e-mail if the user wants it.

    The unique key (kind, subject, due, recipient) is the dispatch guard: a job that runs twice,
    or two workers at once, can insert it only once, and only the inserting run sends it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    subject_type = models.CharField(_("about (type)"), max_length=60)
    subject_id = models.PositiveBigIntegerField(_("about (id)"))
    due = models.CharField(_("due date or period"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # E-mail is claimed before it is sent and marked after: a worker that dies in between never sends twice.
    email_claimed_at = models.DateTimeField(_("e-mail claimed at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "due", "recipient"], name="notification_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EmailPreference(TimeStamped):
    """A user's choice of e-mail for one kind of notice (on unless turned off)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    enabled = models.BooleanField(_("send by e-mail"), default=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.enabled}"
