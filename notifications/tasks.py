"""Thin tasks over the notification services; each takes ids or nothing, and is safe to run twice."""

import smtplib

from celery import shared_task
from django.utils import timezone


@shared_task(
    name="notifications.send_email",
    # Only failures to reach the mail server retry: email_send released its claim, nothing was sent.
    autoretry_for=(ConnectionError, TimeoutError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected),
    retry_backoff=True,
    max_retries=5,
)
def send_email(notification_id: int) -> bool:
    from .services import email_send

    return email_send(notification_id=notification_id)


@shared_task(name="notifications.daily_scan")
def daily_scan() -> dict[str, int]:
    """Every day at 07:00 Asia/Shanghai (beat): today's reminders, and notices taking effect."""
    from .jobs import run_daily

    return run_daily(today=timezone.localdate())


@shared_task(name="notifications.notice_filed")
def notice_filed(notice_id: int) -> int:
    from .jobs import notify_notice_filed

    return notify_notice_filed(notice_id=notice_id)
