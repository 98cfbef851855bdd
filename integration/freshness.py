"""Values the API shows from related rows still reach incremental sync.

A base's entry carries its enterprise's name and credit code; a student's carries the college
code and the supervisor's staff number. When one of those changes on the related row, the rows
that show it are marked changed (their ``updated_at`` moves), so ``updated_since`` returns them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.db.models.signals import post_save, pre_save
from django.utils import timezone


@dataclass(frozen=True)
class Shown:
    """Fields of ``model`` that the API shows on the rows ``dependents`` returns."""

    model: str
    fields: tuple[str, ...]
    dependents: Callable[[Any], QuerySet[Any]]


def _bases_of(organisation: Any) -> QuerySet[Any]:
    from agreements.models import TrainingBase

    return TrainingBase.objects.filter(enterprise=organisation)


def _students_of_college(college: Any) -> QuerySet[Any]:
    from students.models import Student

    return Student.objects.filter(college=college)


def _students_supervised_by(mentor: Any) -> QuerySet[Any]:
    from students.models import Student

    return Student.objects.filter(supervisor=mentor)


SHOWN = (
    Shown("accounts.Organisation", ("name", "credit_code"), _bases_of),
    Shown("accounts.College", ("code",), _students_of_college),
    Shown("mentors.Mentor", ("staff_no",), _students_supervised_by),
)

_BEFORE = "_sync_values_before_save"


def _remember(entry: Shown) -> Callable[..., None]:
    def remember(sender: Any, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw") or instance.pk is None:
            return
        before = sender._default_manager.filter(pk=instance.pk).values(*entry.fields).first()
        setattr(instance, _BEFORE, before)

    return remember


def _touch(entry: Shown) -> Callable[..., None]:
    def touch(sender: Any, instance: Any, **kwargs: Any) -> None:
        before = instance.__dict__.pop(_BEFORE, None)
        if kwargs.get("raw") or kwargs.get("created") or before is None:
            return
        if any(before[name] != getattr(instance, name) for name in entry.fields):
            entry.dependents(instance).update(updated_at=timezone.now())

    return touch


def connect() -> None:
    """Connect the receivers (called once, from the app's ``ready``)."""
    for entry in SHOWN:
        model = apps.get_model(entry.model)
        pre_save.connect(_remember(entry), sender=model, weak=False, dispatch_uid=f"sync-before:{entry.model}")
        post_save.connect(_touch(entry), sender=model, weak=False, dispatch_uid=f"sync-after:{entry.model}")
