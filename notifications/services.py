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
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User
from base_portal.kept import Versions

from .models import EmailPreference, Kind, Notification

logger = logging.getLogger(__name__)


def subject_key(subject: models.Model) -> tuple[str, int]:
    return subject._meta.label_lower, int(subject.pk)


# How many notices one flush of an outbox writes with one insert.
OUTBOX_BATCH = 1000

_Key = tuple[str, str, int, str, int]  # kind, subject type, subject id, due, recipient


class Outbox:
    """Notices gathered by a scan and written in batches: a fixed number of queries per thousand.

    ``add`` queues the notice for each active recipient; ``flush`` (called by ``add`` every
    ``OUTBOX_BATCH`` notices, and once at the end) reads which of the batch were sent before, inserts
    the rest with one ``INSERT``, and queues e-mail for the recipients who want it. If another run
    inserts the same notices between the read and the insert, the unique key refuses the batch and
    it is written row by row instead, each insert in its own savepoint, so every notice is still
    inserted and e-mailed exactly once.
    """

    def __init__(self) -> None:
        self.pending: dict[_Key, Notification] = {}
        self.created: list[Notification] = []

    def add(
        self,
        *,
        kind: Kind,
        subject: models.Model,
        due: str,
        recipients: Iterable[User],
        title: str,
        body: str,
        link: str = "",
    ) -> None:
        subject_type, subject_id = subject_key(subject)
        for recipient in recipients:
            if not recipient.is_active:
                continue
            key = (str(kind), subject_type, subject_id, due, recipient.pk)
            self.pending.setdefault(
                key,
                Notification(
                    recipient=recipient,
                    kind=kind,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    due=due,
                    title=title[:200],
                    body=body,
                    link=link,
                ),
            )
        if len(self.pending) >= OUTBOX_BATCH:
            self.flush()

    def flush(self) -> list[Notification]:
        """Write what is pending; returns every notice this outbox has created so far."""
        batch, self.pending = self.pending, {}
        if not batch:
            return self.created
        sent_before = _sent_before(batch)
        fresh = [notification for key, notification in batch.items() if key not in sent_before]
        if not fresh:
            return self.created
        try:
            with transaction.atomic():
                inserted = Notification.objects.bulk_create(fresh)
        except IntegrityError:  # a concurrent run got there first: let the unique key decide row by row
            inserted = [notification for notification in fresh if _insert_once(notification)]
        unread_changed({notification.recipient_id for notification in inserted})
        _email_after_commit(inserted)
        self.created.extend(inserted)
        return self.created


def _sent_before(batch: dict[_Key, Notification]) -> set[_Key]:
    """Which of the batch's notices exist already (one query)."""
    rows = Notification.objects.filter(
        kind__in={key[0] for key in batch},
        subject_type__in={key[1] for key in batch},
        subject_id__in={key[2] for key in batch},
        recipient__in={key[4] for key in batch},
    ).values_list("kind", "subject_type", "subject_id", "due", "recipient_id")
    return set(rows) & set(batch)


def _insert_once(notification: Notification) -> bool:
    try:
        with transaction.atomic():
            notification.pk = None
            notification.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _email_after_commit(notifications: list[Notification]) -> None:
    """Queue e-mail for each new notice whose recipient wants it (one query for the preferences)."""
    if not notifications:
        return
    from .tasks import send_email

    off = _email_turned_off({(n.recipient_id, n.kind) for n in notifications})
    for notification in notifications:
        if _wants(notification.recipient, notification.kind, off):
            transaction.on_commit(partial(send_email.delay, notification.pk))


def _email_turned_off(pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which (user, kind) pairs have e-mail turned off (one query)."""
    rows = EmailPreference.objects.filter(
        user__in={user for user, _kind in pairs}, kind__in={kind for _user, kind in pairs}, enabled=False
    ).values_list("user_id", "kind")
    return set(rows) & pairs


def _wants(user: User, kind: str, turned_off: set[tuple[int, str]]) -> bool:
    return bool(user.email) and (user.pk, kind) not in turned_off


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
    outbox = Outbox()
    outbox.add(kind=kind, subject=subject, due=due, recipients=recipients, title=title, body=body, link=link)
    return outbox.flush()


def wants_email(user: User, kind: str) -> bool:
    """E-mail is on for every kind unless the user turned it off; the inbox always receives."""
    return _wants(user, kind, _email_turned_off({(user.pk, kind)}))


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
    unread_changed([notification.recipient_id])


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notice of the user read."""
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    unread_changed([user.pk])
    return marked


@transaction.atomic
def preferences_set(*, user: User, enabled: dict[str, bool]) -> None:
    """Turn e-mail on or off per kind."""
    for kind, on in enabled.items():
        EmailPreference.objects.update_or_create(user=user, kind=Kind(kind), defaults={"enabled": on})


# Each user's unread count is kept in the cache, shown in the header of every page: dropped
# whenever one of their notices is written, read or deleted.
UNREAD = Versions("unread")


def unread_count(user: Any) -> int:
    return UNREAD.get_or_set(user.pk, lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count())


def unread_changed(user_ids: Iterable[int]) -> None:
    UNREAD.bump(user_ids)


def _notification_changed(sender: Any, instance: Notification, **kwargs: Any) -> None:
    unread_changed([instance.recipient_id])


def connect() -> None:
    """Connect the receivers (called once, from the app's ``ready``)."""
    post_save.connect(_notification_changed, sender=Notification, dispatch_uid="unread-save")
    post_delete.connect(_notification_changed, sender=Notification, dispatch_uid="unread-delete")
