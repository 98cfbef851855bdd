"""Reads of background jobs: a job is seen by the person who started it, and nobody else."""

from typing import Any

from django.db.models import QuerySet

from accounts.scopes import is_active_user

from .models import Job


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    if not is_active_user(user):
        return Job.objects.none()
    return Job.objects.filter(owner=user)
