"""Run the daily jobs once, in-process: for cron, or any machine without a Celery worker.

Each job is an idempotent service function, so running this twice on the same day is safe.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from students.services import notices_apply_due


class Command(BaseCommand):
    help = "Apply what falls due today (practice notices reaching their effective date). Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        applied = notices_apply_due(today=today)
        self.stdout.write(f"{today}: {applied} practice notice(s) took effect.")
