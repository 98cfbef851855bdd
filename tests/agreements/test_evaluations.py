"""The biennial evaluation: its schedule, its steps in order, overdue days, and early termination."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from agreements.models import Agreement, EvaluationCycle, Party
from agreements.services import (
    agreement_create_draft,
    agreement_record_paper_signing,
    agreement_record_signature,
    agreement_terminate,
    evaluation_add_material,
    evaluation_record_result,
    evaluation_request_materials,
    evaluation_schedule,
    evaluation_submit,
)
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2035, 1, 1)  # "today" for services that refuse future dates: after every date used here
SIGNED_ON = D(2027, 3, 1)
State = EvaluationCycle.State
Grade = EvaluationCycle.Grade


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """Uploaded materials go to a throwaway folder, not the project's private_media."""
    settings.MEDIA_ROOT = tmp_path


def signed(a: dt.date = SIGNED_ON) -> Agreement:
    agreement = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=3)
    agreement_record_signature(agreement=agreement, party=Party.B, signed_on=a, today=TODAY)
    return agreement_record_signature(agreement=agreement, party=Party.A, signed_on=a, today=TODAY)


def signed_for_five_years() -> Agreement:
    agreement = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=3)
    return agreement_record_paper_signing(
        agreement=agreement,
        party_a_signed_on=D(2027, 3, 1),
        party_b_signed_on=D(2027, 3, 1),
        ends_on_as_signed=D(2032, 3, 1),
        today=TODAY,
    )


def cycles(agreement: Agreement) -> list[tuple[int, dt.date, str]]:
    return list(
        EvaluationCycle.objects.filter(agreement=agreement)
        .order_by("sequence")
        .values_list("sequence", "due_on", "state")
    )


def pdf(name: str = "自评报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 materials", content_type="application/pdf")


def evaluated(cycle: EvaluationCycle, user: User) -> EvaluationCycle:
    evaluation_request_materials(cycle=cycle, note="请提交自评报告", today=D(2029, 1, 5))
    evaluation_add_material(cycle=cycle, title="自评报告", file=pdf(), uploaded_by=user)
    evaluation_submit(cycle=cycle, today=D(2029, 2, 1))
    return evaluation_record_result(
        cycle=cycle, grade=Grade.GOOD, conclusion="运行良好", evaluated_by=user, evaluated_on=D(2029, 2, 20)
    )


# --- the schedule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (D(2027, 3, 1), D(2029, 3, 1)),
        (D(2028, 2, 29), D(2030, 2, 28)),  # no 29 February in 2030: the month's last day
    ],
)
def test_a_three_year_agreement_has_one_evaluation(start: dt.date, due: dt.date) -> None:
    agreement = signed(a=start)
    assert cycles(agreement) == [(1, due, State.SCHEDULED)]
    assert EvaluationCycle.objects.get(agreement=agreement).base == agreement.base


def test_scheduling_again_creates_nothing_new() -> None:
    agreement = signed()
    first = EvaluationCycle.objects.get(agreement=agreement)
    again = evaluation_schedule(agreement=agreement)
    assert [c.pk for c in again] == [first.pk]
    assert EvaluationCycle.objects.filter(agreement=agreement).count() == 1


def test_a_draft_has_no_schedule() -> None:
    draft = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=1)
    assert evaluation_schedule(agreement=draft) == []
    assert not EvaluationCycle.objects.exists()


def test_a_five_year_agreement_signed_on_paper_has_two_evaluations() -> None:
    agreement = signed_for_five_years()
    assert agreement.ends_on == D(2032, 3, 1)
    assert cycles(agreement) == [(1, D(2029, 3, 1), State.SCHEDULED), (2, D(2031, 3, 1), State.SCHEDULED)]
    evaluation_schedule(agreement=agreement)
    assert EvaluationCycle.objects.filter(agreement=agreement).count() == 2


# --- the steps, in order --------------------------------------------------------------------------


def test_an_evaluation_goes_from_scheduled_to_evaluated() -> None:
    base_admin, office = factories.UserFactory(), factories.UserFactory()
    cycle = EvaluationCycle.objects.get(agreement=signed())

    cycle = evaluation_request_materials(cycle=cycle, note="  请提交两年运行总结  ", today=D(2029, 1, 5))
    assert (cycle.state, cycle.materials_requested_on, cycle.materials_note) == (
        State.MATERIALS_REQUESTED,
        D(2029, 1, 5),
        "请提交两年运行总结",
    )
    material = evaluation_add_material(cycle=cycle, title=" 运行总结 ", file=pdf(), uploaded_by=base_admin)
    assert (material.title, material.uploaded_by) == ("运行总结", base_admin)
    assert material.file.name.startswith("evaluations/")
    assert material.file.name.endswith(".pdf")

    cycle = evaluation_submit(cycle=cycle, today=D(2029, 2, 1))
    assert (cycle.state, cycle.submitted_on) == (State.SUBMITTED, D(2029, 2, 1))

    cycle = evaluation_record_result(
        cycle=cycle,
        grade=Grade.EXCELLENT,
        conclusion="  建设成效显著  ",
        evaluated_by=office,
        evaluated_on=D(2029, 2, 20),
    )
    cycle.refresh_from_db()
    assert (cycle.state, cycle.grade, cycle.conclusion) == (State.EVALUATED, "excellent", "建设成效显著")
    assert (cycle.evaluated_by, cycle.evaluated_on) == (office, D(2029, 2, 20))


def test_materials_can_be_supplied_before_they_are_requested() -> None:
    cycle = EvaluationCycle.objects.get(agreement=signed())
    evaluation_add_material(cycle=cycle, title="提前提交", file=pdf(), uploaded_by=factories.UserFactory())
    assert evaluation_submit(cycle=cycle, today=D(2028, 12, 1)).state == State.SUBMITTED


def test_materials_cannot_be_requested_twice() -> None:
    cycle = EvaluationCycle.objects.get(agreement=signed())
    evaluation_request_materials(cycle=cycle, note="第一次", today=D(2029, 1, 5))
    with pytest.raises(ValidationError):
        evaluation_request_materials(cycle=cycle, note="第二次", today=D(2029, 1, 6))
    cycle.refresh_from_db()
    assert (cycle.materials_note, cycle.materials_requested_on) == ("第一次", D(2029, 1, 5))


def test_nothing_is_submitted_without_a_file() -> None:
    cycle = EvaluationCycle.objects.get(agreement=signed())
    evaluation_request_materials(cycle=cycle, note="请提交", today=D(2029, 1, 5))
    with pytest.raises(ValidationError):
        evaluation_submit(cycle=cycle, today=D(2029, 2, 1))
    cycle.refresh_from_db()
    assert (cycle.state, cycle.submitted_on) == (State.MATERIALS_REQUESTED, None)


@pytest.mark.parametrize("steps", [0, 1, 2])
def test_no_result_before_the_materials_are_submitted(steps: int) -> None:
    user = factories.UserFactory()
    cycle = EvaluationCycle.objects.get(agreement=signed())
    if steps >= 1:
        evaluation_request_materials(cycle=cycle, note="请提交", today=D(2029, 1, 5))
    if steps >= 2:
        evaluation_add_material(cycle=cycle, title="总结", file=pdf(), uploaded_by=user)
    with pytest.raises(ValidationError):
        evaluation_record_result(cycle=cycle, grade=Grade.PASS, conclusion="合格", evaluated_by=user)
    cycle.refresh_from_db()
    assert (cycle.grade, cycle.evaluated_on) == ("", None)


def test_submitted_materials_are_fixed() -> None:
    user = factories.UserFactory()
    cycle = EvaluationCycle.objects.get(agreement=signed())
    evaluation_add_material(cycle=cycle, title="总结", file=pdf(), uploaded_by=user)
    evaluation_submit(cycle=cycle, today=D(2029, 2, 1))
    with pytest.raises(ValidationError):
        evaluation_add_material(cycle=cycle, title="补交", file=pdf("补交.pdf"), uploaded_by=user)
    with pytest.raises(ValidationError):
        evaluation_submit(cycle=cycle, today=D(2029, 2, 2))
    with pytest.raises(ValidationError):
        evaluation_request_materials(cycle=cycle, note="再要一次", today=D(2029, 2, 3))
    assert [m.title for m in cycle.materials.all()] == ["总结"]


@pytest.mark.parametrize("conclusion", ["", "   \n "])
def test_a_result_needs_a_conclusion(conclusion: str) -> None:
    user = factories.UserFactory()
    cycle = EvaluationCycle.objects.get(agreement=signed())
    evaluation_add_material(cycle=cycle, title="总结", file=pdf(), uploaded_by=user)
    evaluation_submit(cycle=cycle, today=D(2029, 2, 1))
    with pytest.raises(ValidationError):
        evaluation_record_result(cycle=cycle, grade=Grade.GOOD, conclusion=conclusion, evaluated_by=user)
    cycle.refresh_from_db()
    assert cycle.state == State.SUBMITTED


def test_a_result_needs_a_grade() -> None:
    user = factories.UserFactory()
    cycle = EvaluationCycle.objects.get(agreement=signed())
    evaluation_add_material(cycle=cycle, title="总结", file=pdf(), uploaded_by=user)
    evaluation_submit(cycle=cycle, today=D(2029, 2, 1))
    with pytest.raises(ValidationError):
        evaluation_record_result(cycle=cycle, grade="", conclusion="无等级", evaluated_by=user)  # type: ignore[arg-type]
    cycle.refresh_from_db()
    assert cycle.state == State.SUBMITTED


def test_an_evaluated_cycle_takes_no_further_step() -> None:
    user = factories.UserFactory()
    cycle = evaluated(EvaluationCycle.objects.get(agreement=signed()), user)
    with pytest.raises(ValidationError):
        evaluation_record_result(cycle=cycle, grade=Grade.FAIL, conclusion="改判", evaluated_by=user)
    with pytest.raises(ValidationError):
        evaluation_add_material(cycle=cycle, title="迟交", file=pdf(), uploaded_by=user)
    cycle.refresh_from_db()
    assert (cycle.state, cycle.grade) == (State.EVALUATED, "good")


@pytest.mark.parametrize("name", ["virus.exe", "page.html"])
def test_materials_of_a_forbidden_type_are_refused(name: str) -> None:
    cycle = EvaluationCycle.objects.get(agreement=signed())
    with pytest.raises(ValidationError):
        evaluation_add_material(
            cycle=cycle, title="不行", file=SimpleUploadedFile(name, b"MZ"), uploaded_by=factories.UserFactory()
        )
    assert not cycle.materials.exists()


# --- overdue --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "overdue"),
    [(D(2029, 2, 28), False), (D(2029, 3, 1), False), (D(2029, 3, 2), True), (D(2031, 1, 1), True)],
)
def test_an_open_evaluation_is_overdue_from_the_day_after_it_is_due(day: dt.date, overdue: bool) -> None:
    cycle = EvaluationCycle.objects.get(agreement=signed())
    assert cycle.due_on == D(2029, 3, 1)
    assert cycle.is_overdue_on(day) is overdue
    cycle = evaluation_request_materials(cycle=cycle, note="请提交", today=D(2029, 1, 5))
    assert cycle.is_overdue_on(day) is overdue


def test_evaluated_and_cancelled_evaluations_are_never_overdue() -> None:
    done = evaluated(EvaluationCycle.objects.get(agreement=signed()), factories.UserFactory())
    ended = agreement_terminate(
        agreement=signed(),
        terminated_on=D(2028, 6, 1),
        cause=Agreement.TerminationCause.MUTUAL,
        terminated_by=Party.A,
        reason="协商一致",
    )
    cancelled = EvaluationCycle.objects.get(agreement=ended)
    assert (done.state, cancelled.state) == (State.EVALUATED, State.CANCELLED)
    for day in (D(2029, 3, 1), D(2029, 3, 2), D(2035, 1, 1)):
        assert not done.is_overdue_on(day)
        assert not cancelled.is_overdue_on(day)


# --- early termination ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terminated_on", "states"),
    [
        (D(2029, 3, 1), [State.CANCELLED, State.CANCELLED]),  # due on the first day it is no longer in force
        (D(2029, 3, 2), [State.SCHEDULED, State.CANCELLED]),  # due while it was still in force: still owed
        (D(2031, 3, 1), [State.SCHEDULED, State.CANCELLED]),
        (D(2031, 3, 2), [State.SCHEDULED, State.SCHEDULED]),
    ],
)
def test_termination_cancels_only_evaluations_due_from_that_day(terminated_on: dt.date, states: list[str]) -> None:
    agreement = agreement_terminate(
        agreement=signed_for_five_years(),
        terminated_on=terminated_on,
        cause=Agreement.TerminationCause.BREACH,
        terminated_by=Party.B,
        reason="甲方违约",
    )
    assert [state for _seq, _due, state in cycles(agreement)] == states


def test_termination_leaves_an_evaluated_cycle_evaluated() -> None:
    agreement = signed_for_five_years()
    first = EvaluationCycle.objects.get(agreement=agreement, sequence=1)
    evaluated(first, factories.UserFactory())
    agreement_terminate(
        agreement=agreement,
        terminated_on=D(2029, 2, 21),
        cause=Agreement.TerminationCause.MUTUAL,
        terminated_by=Party.A,
        reason="协商一致",
    )
    assert cycles(agreement) == [(1, D(2029, 3, 1), State.EVALUATED), (2, D(2031, 3, 1), State.CANCELLED)]
    first.refresh_from_db()
    assert (first.grade, first.conclusion) == ("good", "运行良好")


def test_a_submitted_cycle_due_after_termination_is_cancelled() -> None:
    user = factories.UserFactory()
    agreement = signed()
    cycle = EvaluationCycle.objects.get(agreement=agreement)
    evaluation_add_material(cycle=cycle, title="总结", file=pdf(), uploaded_by=user)
    evaluation_submit(cycle=cycle, today=D(2029, 1, 10))
    agreement_terminate(
        agreement=agreement,
        terminated_on=D(2029, 2, 1),
        cause=Agreement.TerminationCause.FORCE_MAJEURE,
        terminated_by=Party.B,
        reason="不可抗力",
    )
    cycle.refresh_from_db()
    assert cycle.state == State.CANCELLED
    with pytest.raises(ValidationError):
        evaluation_record_result(cycle=cycle, grade=Grade.PASS, conclusion="合格", evaluated_by=user)


def test_scheduling_after_termination_creates_nothing_new() -> None:
    agreement = agreement_terminate(
        agreement=signed_for_five_years(),
        terminated_on=D(2030, 1, 1),
        cause=Agreement.TerminationCause.MUTUAL,
        terminated_by=Party.A,
        reason="协商一致",
    )
    evaluation_schedule(agreement=agreement)
    assert cycles(agreement) == [(1, D(2029, 3, 1), State.SCHEDULED), (2, D(2031, 3, 1), State.CANCELLED)]
