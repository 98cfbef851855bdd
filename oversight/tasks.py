"""Thin tasks over the compliance cache."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation


@shared_task(name="oversight.grade_day")
def grade_day() -> int:
    """Just after midnight (beat): grade every base for the new day, in every language, so the
    first dashboard of the morning reads kept findings instead of grading 500 bases itself."""
    from agreements.models import TrainingBase

    from .cache import cached_counts

    today = timezone.localdate()
    base_ids = list(TrainingBase.objects.values_list("pk", flat=True))
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            cached_counts(base_ids, today)
    return len(base_ids)
