"""Run the daily jobs once, in-process: for cron, or any machine without a Celery worker and beat.

Each job is an idempotent service function, so running this twice on the same day is safe.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.jobs import run_daily


class Command(BaseCommand):
    help = "Apply what falls due today and send today's reminders. Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        counts = run_daily(today=today)
        self.stdout.write(
            f"{today}: {counts['notices_applied']} practice notice(s) took effect; "
            f"{sum(counts.values()) - counts['notices_applied']} notification(s) sent."
        )
