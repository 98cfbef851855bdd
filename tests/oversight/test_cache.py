"""The day's compliance findings are kept per base, and dropped as soon as the base's records change.

The cast's base A starts with findings (no insurance, no training, no briefing, a month not
assessed); the tests check that what the cache returns is always what grading now would return.
"""

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements.models import Party, TrainingBase
from mentors.models import MentorTraining
from oversight import cache as compliance_cache
from oversight.cache import READ_BY_DUTIES, bases_changed, cached_findings, everything_changed
from oversight.compliance import findings_by_base
from students.models import InsurancePolicy, Placement, SafetyAgreement
from tests.conftest import Cast

TODAY = dt.date(2026, 6, 15)

pytestmark = pytest.mark.django_db


def graded_now(*bases: TrainingBase) -> dict[int, list[Any]]:
    found = findings_by_base(TrainingBase.objects.filter(pk__in=[base.pk for base in bases]), TODAY)
    return {base.pk: found.get(base.pk, []) for base in bases}


def queries(fn: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return result, len(ctx.captured_queries)


def test_a_kept_read_issues_no_query_and_returns_what_grading_would(cast: Cast) -> None:
    first, cold = queries(lambda: cached_findings([cast.base_a.pk, cast.base_b.pk], TODAY))
    second, warm = queries(lambda: cached_findings([cast.base_a.pk, cast.base_b.pk], TODAY))
    assert first == second == graded_now(cast.base_a, cast.base_b)
    assert first[cast.base_a.pk], "the cast's base A has findings, so the test compares something"
    assert cold > 0
    assert warm == 0


def test_a_change_regrades_its_base_and_no_other(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_findings([cast.base_a.pk, cast.base_b.pk], TODAY)
    graded: list[list[int]] = []
    real = compliance_cache.findings_by_base

    def spy(bases: Any, today: dt.date) -> Any:
        graded.append(sorted(bases.values_list("pk", flat=True)))
        return real(bases, today)

    monkeypatch.setattr(compliance_cache, "findings_by_base", spy)
    MentorTraining.objects.create(mentor=cast.mentor_a, topic="保密与安全培训", held_on=dt.date(2026, 1, 10), hours=4)
    after = cached_findings([cast.base_a.pk, cast.base_b.pk], TODAY)
    assert graded == [[cast.base_a.pk]]
    assert after == graded_now(cast.base_a, cast.base_b)
    assert not any(f.duty == "mentors" for f in after[cast.base_a.pk])


@pytest.mark.parametrize(
    "change",
    [
        "insurance added",
        "safety agreement deleted",
        "placement saved",
        "student renamed",
        "bulk update, then everything_changed",
    ],
)
def test_every_kind_of_change_reaches_the_findings(cast: Cast, change: str) -> None:
    before = cached_findings([cast.base_a.pk], TODAY)[cast.base_a.pk]
    placement = cast.placement_a
    if change == "insurance added":
        InsurancePolicy.objects.create(
            placement=placement,
            insurer="中国人寿",
            policy_number="P-2026-001",
            bought_by=Party.B,
            covers_from=dt.date(2026, 1, 1),
            covers_to=dt.date(2026, 12, 31),
        )
    elif change == "safety agreement deleted":
        SafetyAgreement.objects.filter(placement=placement).delete()
    elif change == "placement saved":
        assert placement.practice_end is not None
        placement.practice_end += dt.timedelta(days=400)  # practice longer than 12 months
        placement.save()
    elif change == "student renamed":
        cast.student_a.full_name = "改名后的学生"
        cast.student_a.save()
    else:
        Placement.objects.filter(pk=placement.pk).update(practice_end=dt.date(2027, 12, 31))  # sends no signal
        everything_changed()
    after = cached_findings([cast.base_a.pk], TODAY)[cast.base_a.pk]
    assert after == graded_now(cast.base_a)[cast.base_a.pk]
    assert after != before, "the change was meant to alter base A's findings"


def test_the_language_and_the_day_are_part_of_the_key(cast: Cast) -> None:
    with translation.override("zh-hans"):
        chinese = cached_findings([cast.base_a.pk], TODAY)[cast.base_a.pk]
    with translation.override("en"):
        english = cached_findings([cast.base_a.pk], TODAY)[cast.base_a.pk]
    assert [f.message for f in chinese] != [f.message for f in english]
    tomorrow = TODAY + dt.timedelta(days=200)
    assert cached_findings([cast.base_a.pk], tomorrow) == {
        cast.base_a.pk: findings_by_base(TrainingBase.objects.filter(pk=cast.base_a.pk), tomorrow).get(
            cast.base_a.pk, []
        )
    }


def test_a_bump_is_repeated_when_the_transaction_commits(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    """A page that graded between the write and its commit saw the old rows; the commit drops what it kept."""
    versions = compliance_cache.VERSIONS
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        bases_changed([cast.base_a.pk])
        during = versions.current([cast.base_a.pk])
    for callback in callbacks:
        callback()
    assert versions.current([cast.base_a.pk]) != during


def test_two_databases_behind_one_cache_never_share_findings(cast: Cast) -> None:
    key = compliance_cache.VERSIONS.key(cast.base_a.pk)
    other = {**connection.settings_dict, "NAME": "another_portal"}
    with override_settings(DATABASES={"default": other}):
        assert compliance_cache.VERSIONS.key(cast.base_a.pk) != key


def test_every_model_the_duties_read_is_watched() -> None:
    """A duty reading a model that is not in READ_BY_DUTIES would keep stale findings all day."""
    import inspect

    from oversight import compliance

    source = inspect.getsource(compliance)
    read = {
        label
        for label in (
            "Agreement",
            "PositionDemand",
            "AllowancePolicy",
            "AllowancePayment",
            "Student",
            "Placement",
            "InsurancePolicy",
            "PracticeNotice",
            "MonthlyAssessment",
            "Mentor",
            "MentorTraining",
            "EvaluationCycle",
        )
        if f"{label}." in source or f"{label}.objects" in source
    }
    watched = {label.split(".")[1] for label in READ_BY_DUTIES}
    assert read <= watched
    for name in ("briefing", "exchange", "safety", "confidential", "appointment"):
        assert any(name in label.lower() for label in READ_BY_DUTIES), name


def test_the_night_task_grades_every_base_in_every_language(cast: Cast) -> None:
    from django.utils import timezone
    from django_celery_beat.models import PeriodicTask

    from oversight.tasks import grade_day

    assert grade_day() == TrainingBase.objects.count()
    today = timezone.localdate()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert queries(lambda: cached_findings([cast.base_a.pk, cast.base_b.pk], today))[1] == 0
    (task,) = PeriodicTask.objects.filter(task="oversight.grade_day", enabled=True)
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("0", "5", "Asia/Shanghai")


def test_the_base_list_filters_by_todays_compliance_level(cast: Cast) -> None:
    from django.test import Client
    from django.urls import reverse

    from oversight.compliance import Level, level_of

    today = __import__("django.utils.timezone", fromlist=["localdate"]).localdate()
    counts = {
        pk: level_of(*n) for pk, n in compliance_cache.cached_counts([cast.base_a.pk, cast.base_b.pk], today).items()
    }
    for persona, seen in (("office", {cast.base_a.pk, cast.base_b.pk}), ("baseadmin", {cast.base_a.pk})):
        client = Client()
        client.force_login(cast.users[persona])
        for level in (Level.RED, Level.AMBER, Level.GREEN):
            response = client.get(reverse("agreements:base_list"), {"compliance": level})
            assert response.status_code == 200
            listed = {base.pk for base in response.context["page"]}
            assert listed == {pk for pk in seen if counts[pk] == level}, (persona, level)
    mentor = Client()
    mentor.force_login(cast.users["mentor"])
    assert "compliance" not in mentor.get(reverse("agreements:base_list")).context["filter"].form.fields
