"""Each base's compliance findings, kept for the day and dropped the moment its records change.

Grading every duty for 500 bases reads about 45,000 placements and takes seconds, yet a base's
findings only change when one of its records does, or when the day turns. So the findings are
kept in the cache per base, day and language, under a version of that base
(``base_portal.kept``):

- a save or delete of any record the duties read bumps the version of the bases it belongs to
  (the receivers below), so the next read grades those bases again and no other;
- writes that send no signals (``bulk_create``, ``QuerySet.update``) of what the duties read call
  ``bases_changed``; ``everything_changed`` drops every base's findings (the seed, a restore).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from base_portal.kept import ALL, Versions
from oversight.compliance import Finding, Level, findings_by_base

# Findings are for one day; they are kept a little longer than that so the key's date retires them.
FINDINGS_SECONDS = 26 * 60 * 60

VERSIONS = Versions("compliance")
# The office dashboard's university-wide figures count the same records the duties read: any change
# to one of them drops the figures (see ``oversight.selectors.office_dashboard``).
DASHBOARD = Versions("dashboard")
_FINDINGS = "findings"
_COUNTS = "counts"  # (red, amber): what a dashboard shows of a base, without unpickling its findings


def _key(kind: str, base_id: int, today: dt.date, versions: dict[Any, str]) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return VERSIONS.key(versions[ALL], kind, language, f"{today:%Y%m%d}", base_id, versions[base_id])


def _kept(kind: str, base_ids: Iterable[int], today: dt.date) -> dict[int, Any]:
    """The kept value of each base, grading (and keeping both kinds for) the bases the cache lacks."""
    from agreements.models import TrainingBase

    ids = list(dict.fromkeys(base_ids))
    if not ids:
        return {}
    versions = VERSIONS.current(ids)
    keys = {_key(kind, base_id, today, versions): base_id for base_id in ids}
    result = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = [base_id for base_id in ids if base_id not in result]
    if missing:
        graded = findings_by_base(TrainingBase.objects.filter(pk__in=missing), today)
        fresh: dict[str, Any] = {}
        for base_id in missing:
            findings = graded.get(base_id, [])
            red = sum(1 for finding in findings if finding.level == Level.RED)
            counts = (red, len(findings) - red)
            fresh[_key(_FINDINGS, base_id, today, versions)] = findings
            fresh[_key(_COUNTS, base_id, today, versions)] = counts
            result[base_id] = findings if kind == _FINDINGS else counts
        cache.set_many(fresh, timeout=FINDINGS_SECONDS)
    return result


def cached_findings(base_ids: Iterable[int], today: dt.date) -> dict[int, list[Finding]]:
    """Every finding of the given bases on ``today``: from the cache, grading only the bases it lacks.

    Two cache round trips when every base is kept; otherwise the duties' fixed number of queries
    for the bases that were not.
    """
    return _kept(_FINDINGS, base_ids, today)


def cached_counts(base_ids: Iterable[int], today: dt.date) -> dict[int, tuple[int, int]]:
    """How many red and amber findings each base has on ``today``, kept as ``cached_findings`` is."""
    return _kept(_COUNTS, base_ids, today)


def bases_changed(base_ids: Iterable[int | None]) -> None:
    """Drop the findings of these bases and the dashboard's figures (now, and again on commit)."""
    VERSIONS.bump(base_ids)
    DASHBOARD.bump_all()


def everything_changed() -> None:
    """Drop every base's findings (after writes that touched records of many bases at once)."""
    VERSIONS.bump_all()
    DASHBOARD.bump_all()


# --- which bases a changed record belongs to ------------------------------------------------------


def _own(instance: Any) -> Iterable[int | None]:
    return [instance.pk]


def _of_base(instance: Any) -> Iterable[int | None]:
    return [instance.base_id]


def _of_placement(instance: Any) -> Iterable[int | None]:
    from students.models import Placement

    return Placement.objects.filter(pk=instance.placement_id).values_list("base_id", flat=True)


def _where_mentoring(mentor_id: int) -> list[int]:
    from students.models import Placement

    return list(Placement.objects.filter(cooperative_mentor_id=mentor_id).values_list("base_id", flat=True).distinct())


def _of_mentor(instance: Any) -> Iterable[int | None]:
    return [instance.base_id, *_where_mentoring(instance.pk)]


def _of_mentors_record(instance: Any) -> Iterable[int | None]:
    return [getattr(instance, "base_id", None), *_where_mentoring(instance.mentor_id)]


def _of_student(instance: Any) -> Iterable[int | None]:
    from students.models import Placement

    return Placement.objects.filter(student_id=instance.pk).values_list("base_id", flat=True)


# Every model a duty in ``oversight.compliance`` reads, and how to find the bases of one record.
READ_BY_DUTIES: dict[str, Callable[[Any], Iterable[int | None]]] = {
    "agreements.TrainingBase": _own,
    "agreements.Agreement": _of_base,
    "agreements.EvaluationCycle": _of_base,
    "agreements.Briefing": _of_base,
    "agreements.ExchangeActivity": _of_base,
    "students.PositionDemand": _of_base,
    "students.Placement": _of_base,
    "students.Student": _of_student,
    "students.SafetyAgreement": _of_placement,
    "students.InsurancePolicy": _of_placement,
    "students.PracticeNotice": _of_placement,
    "students.ConfidentialityConfirmation": _of_placement,
    "assessments.AllowancePolicy": _of_base,
    "assessments.AllowancePayment": _of_base,
    "assessments.MonthlyAssessment": _of_base,
    "mentors.Mentor": _of_mentor,
    "mentors.Appointment": _of_mentors_record,
    "mentors.MentorTraining": _of_mentors_record,
}


def _receiver(bases_of: Callable[[Any], Iterable[int | None]]) -> Callable[..., None]:
    def changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        bases_changed(bases_of(instance))

    return changed


def connect() -> None:
    """Connect the receivers (called once, from the app's ``ready``)."""
    for label, bases_of in READ_BY_DUTIES.items():
        model = apps.get_model(label)
        receiver = _receiver(bases_of)
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"compliance-save:{label}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"compliance-delete:{label}")


__all__ = [
    "DASHBOARD",
    "READ_BY_DUTIES",
    "bases_changed",
    "cached_counts",
    "cached_findings",
    "connect",
    "everything_changed",
]
