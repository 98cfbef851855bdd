"""Deletions of synced records, written where they happen so incremental sync can see them.

Django sends ``post_delete`` for every row it deletes, queryset and cascade deletes included,
so one receiver per synced model covers the admin, the services and bulk paths alike.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete


@dataclass(frozen=True)
class Synced:
    """A model university systems sync, the API collection it appears in, and how to scope it."""

    model: str
    resource: str
    base_of: Callable[[Any], int | None]
    natural_key: Callable[[Any], str] = lambda _obj: ""


SYNCED = (
    Synced("agreements.TrainingBase", "bases", lambda obj: obj.pk),
    Synced("agreements.Agreement", "agreements", lambda obj: obj.base_id),
    Synced("agreements.EvaluationCycle", "evaluations", lambda obj: obj.base_id),
    Synced("students.Student", "students", lambda _obj: None, lambda obj: obj.student_no),
    Synced("students.Placement", "placements", lambda obj: obj.base_id),
    Synced("students.PracticeNotice", "notices", lambda obj: obj.placement.base_id),
    Synced("mentors.Mentor", "mentors", lambda obj: obj.base_id, lambda obj: obj.staff_no or ""),
    Synced("mentors.Appointment", "appointments", lambda obj: obj.base_id, lambda obj: obj.letter_number),
    Synced("assessments.MonthlyAssessment", "assessments", lambda obj: obj.base_id),
    Synced("assessments.AllowancePayment", "allowance-payments", lambda obj: obj.base_id),
)

RESOURCES = tuple(entry.resource for entry in SYNCED)


def _receiver(entry: Synced) -> Callable[..., None]:
    def record_deletion(sender: Any, instance: Any, **kwargs: Any) -> None:
        from .models import Tombstone

        Tombstone.objects.create(
            resource=entry.resource,
            object_id=instance.pk,
            natural_key=entry.natural_key(instance),
            base_id=entry.base_of(instance),
        )

    return record_deletion


def connect() -> None:
    """Connect one receiver per synced model (called once, from the app's ``ready``)."""
    for entry in SYNCED:
        post_delete.connect(
            _receiver(entry), sender=apps.get_model(entry.model), weak=False, dispatch_uid=f"tombstone:{entry.model}"
        )
