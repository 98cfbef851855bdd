"""Sending notices: exactly once into the inbox, at most once by e-mail, never twice.

``dispatch`` inserts one Notification per recipient; the unique key makes a second insert
(a job run twice, or two workers racing) fail, and only the run whose insert succeeded goes on
to e-mail. E-mail is sent after the transaction commits, by ``email_send``, which first claims
the row with a conditional update: if a worker dies after sending but before recording, the
claim is still there, so a retry does not send again. The inbox copy is always there.
"""

import logging
import smtplib
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User

from .models import EmailPreference, Kind, Notification

logger = logging.getLogger(__name__)


def subject_key(subject: models.Model) -> tuple[str, int]:
    return subject._meta.label_lower, int(subject.pk)


def dispatch(
    *,
    kind: Kind,
    subject: models.Model,
    due: str,
    recipients: Iterable[User],
    title: str,
    body: str,
    link: str = "",
) -> list[Notification]:
    """Create the notice for each recipient who has not had it yet; e-mail them after commit."""
    subject_type, subject_id = subject_key(subject)
    created = []
    for recipient in {user.pk: user for user in recipients if user.is_active}.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    due=due,
                    title=title[:200],
                    body=body,
                    link=link,
                )
        except IntegrityError:
            continue  # already sent by an earlier (or concurrent) run
        created.append(notification)
        if wants_email(recipient, kind):
            from .tasks import send_email

            transaction.on_commit(partial(send_email.delay, notification.pk))
    return created


def wants_email(user: User, kind: str) -> bool:
    """E-mail is on for every kind unless the user turned it off; the inbox always receives."""
    if not user.email:
        return False
    preference = EmailPreference.objects.filter(user=user, kind=kind).values_list("enabled", flat=True).first()
    return preference is None or bool(preference)


def email_send(*, notification_id: int) -> bool:
    """Send one notice by e-mail, at most once. Returns True if this call sent it."""
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, email_claimed_at__isnull=True).update(
        email_claimed_at=now
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    with translation.override(settings.LANGUAGE_CODE):
        message = render_to_string(
            "notifications/email.txt",
            {"notification": notification, "url": f"{settings.PORTAL_BASE_URL.rstrip('/')}{notification.link}"},
        )
    try:
        send_mail(
            subject=f"[{settings.EMAIL_SUBJECT_TAG}] {notification.title}",
            message=message,
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except (ConnectionError, TimeoutError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected):
        # The mail server could not be reached, so nothing went out: release the claim for the retry.
        Notification.objects.filter(pk=notification_id).update(email_claimed_at=None)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


def notification_mark_read(*, notification: Notification) -> None:
    """Mark one notice read (once)."""
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notice of the user read."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user: User, enabled: dict[str, bool]) -> None:
    """Turn e-mail on or off per kind."""
    for kind, on in enabled.items():
        EmailPreference.objects.update_or_create(user=user, kind=Kind(kind), defaults={"enabled": on})


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
