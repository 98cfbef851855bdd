"""The three stages at every boundary: stage order, 6–12 months, the agreement's end, safety, insurance, thesis.

Each test builds its own world through the services: a base whose agreement is in force
2026-03-01 to 2029-03-01 (Party B buys the insurance), an appointed cooperative mentor, and a
default-group student placed in the coursework stage.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Party
from mentors.services import appointment_create
from students.models import (
    ConfidentialityConfirmation,
    DefenceResult,
    InsurancePolicy,
    Placement,
    SafetyAgreement,
)
from students.services import (
    confidentiality_confirm,
    coursework_record,
    insurance_record,
    placement_create,
    practice_finish,
    practice_plan,
    practice_start,
    safety_agreement_record,
    thesis_record_defence,
    thesis_record_proposal,
    thesis_set_topic,
)
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
DAY = dt.timedelta(days=1)
Stage = Placement.Stage

AGREEMENT_FROM = D(2026, 3, 1)  # in force to 2029-03-01 by the three-year rule
PLACED_ON = D(2026, 9, 1)
START = D(2027, 2, 1)
END = D(2027, 7, 31)  # exactly six months from START, counted inclusively
PROJECT = "智能综采工作面巡检"


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("safety.pdf", b"%PDF-1.4 safety", content_type="application/pdf")


def world(
    *, agreement_from: dt.date | None = AGREEMENT_FROM, insurance_party: Party = Party.B, **placement: Any
) -> Placement:
    """A placement in the coursework stage at a fresh base with an appointed mentor."""
    base = factories.BaseFactory()
    if agreement_from is not None:
        factories.AgreementFactory(base=base, party_a_signed_on=agreement_from, insurance_party=insurance_party)
    mentor = factories.CooperativeMentorFactory(base=base)
    appointment_create(mentor=mentor, starts_on=D(2026, 1, 1), ends_on=D(2030, 12, 31), letter_number=f"聘-{mentor.pk}")
    student = factories.StudentFactory(supervisor=factories.SupervisorFactory())
    return placement_create(student=student, base=base, cooperative_mentor=mentor, today=PLACED_ON, **placement)


def complete_coursework(placement: Placement, on: dt.date = START - 14 * DAY) -> Placement:
    return coursework_record(placement=placement, credits_required=32, credits_earned=32, completed_on=on)


def sign_safety(placement: Placement, on: dt.date = START - 7 * DAY) -> SafetyAgreement:
    return safety_agreement_record(
        placement=placement, base_signed_on=on, student_signed_on=on, supervisor_signed_on=on, scan=scan()
    )


def insure(placement: Placement, covers_from: dt.date, covers_to: dt.date, party: Party = Party.B) -> InsurancePolicy:
    return insurance_record(
        placement=placement,
        insurer="中国人寿",
        policy_number=f"P-{covers_from:%Y%m%d}",
        bought_by=party,
        covers_from=covers_from,
        covers_to=covers_to,
    )


def ready(placement: Placement, start: dt.date = START, end: dt.date = END, **plan: str) -> Placement:
    """Everything practice needs before it starts: coursework, plan, safety agreement and insurance."""
    complete_coursework(placement, start - 14 * DAY)
    practice_plan(placement=placement, planned_start=start, planned_end=end, project=PROJECT, **plan)
    sign_safety(placement, start - 7 * DAY)
    insure(placement, start, end)
    placement.refresh_from_db()
    return placement


def in_practice(start: dt.date = START, end: dt.date = END) -> Placement:
    return practice_start(placement=ready(world(), start, end), started_on=start)


def fresh(placement: Placement) -> Placement:
    return Placement.objects.get(pk=placement.pk)


# --- stage order --------------------------------------------------------------------------------


def test_a_complete_placement_starts_practice() -> None:
    placement = in_practice()
    assert (placement.stage, placement.practice_start, placement.practice_end) == (Stage.PRACTICE, START, END)


def test_practice_cannot_start_without_a_coursework_completion_date() -> None:
    placement = world()
    coursework_record(placement=placement, credits_required=32, credits_earned=20)
    practice_plan(placement=placement, planned_start=START, planned_end=END, project=PROJECT)
    sign_safety(placement)
    insure(placement, START, END)
    with pytest.raises(ValidationError, match=r"coursework|课程"):
        practice_start(placement=placement, started_on=START)
    assert fresh(placement).stage == Stage.COURSEWORK


def test_practice_cannot_start_before_the_coursework_completion_date() -> None:
    placement = ready(world())
    complete_coursework(placement, on=START + DAY)
    with pytest.raises(ValidationError):
        practice_start(placement=placement, started_on=START)
    assert fresh(placement).practice_start is None
    complete_coursework(placement, on=START)  # completed on the start day is in time
    assert practice_start(placement=placement, started_on=START).stage == Stage.PRACTICE


def test_coursework_with_credits_short_cannot_be_complete() -> None:
    placement = world()
    with pytest.raises(ValidationError) as error:
        coursework_record(placement=placement, credits_required=32, credits_earned=31, completed_on=START - DAY)
    assert "completed_on" in error.value.error_dict
    assert "32" in messages_of(error)
    assert fresh(placement).coursework_completed_on is None
    practice_plan(placement=placement, planned_start=START, planned_end=END, project=PROJECT)
    sign_safety(placement)
    insure(placement, START, END)
    with pytest.raises(ValidationError):
        practice_start(placement=placement, started_on=START)
    assert fresh(placement).stage == Stage.COURSEWORK


def test_practice_cannot_start_without_a_plan() -> None:
    placement = world()
    complete_coursework(placement)
    sign_safety(placement)
    insure(placement, START, END)
    with pytest.raises(ValidationError, match=r"[Pp]lan|计划"):
        practice_start(placement=placement, started_on=START)
    assert fresh(placement).stage == Stage.COURSEWORK


def test_the_plan_names_a_project() -> None:
    placement = world()
    with pytest.raises(ValidationError) as error:
        practice_plan(placement=placement, planned_start=START, planned_end=END, project="  ")
    assert "project" in error.value.error_dict


THESIS_STEPS: dict[str, Callable[[Placement], object]] = {
    "topic": lambda p: thesis_set_topic(placement=p, topic="巡检机器人路径规划"),
    "proposal": lambda p: thesis_record_proposal(placement=p, proposal_on=D(2027, 9, 1)),
    "defence": lambda p: thesis_record_defence(placement=p, defence_on=D(2028, 5, 1), result=DefenceResult.PASSED),
}


@pytest.mark.parametrize("step", THESIS_STEPS)
@pytest.mark.parametrize("stage", [Stage.COURSEWORK, Stage.PRACTICE])
def test_thesis_steps_are_refused_before_the_thesis_stage(stage: str, step: str) -> None:
    placement = ready(world()) if stage == Stage.COURSEWORK else in_practice()
    with pytest.raises(ValidationError):
        THESIS_STEPS[step](placement)
    after = fresh(placement)
    assert (after.stage, after.thesis_topic, after.proposal_on, after.defence_on) == (stage, "", None, None)


COURSEWORK_STEPS: dict[str, Callable[[Placement], object]] = {
    "coursework": lambda p: coursework_record(placement=p, credits_required=30, credits_earned=30, completed_on=START),
    "plan": lambda p: practice_plan(placement=p, planned_start=START, planned_end=D(2027, 12, 31), project="另一个"),
    "start": lambda p: practice_start(placement=p, started_on=START),
}


@pytest.mark.parametrize("step", COURSEWORK_STEPS)
@pytest.mark.parametrize("finished", [False, True], ids=["practice", "thesis"])
def test_coursework_steps_are_refused_once_practice_has_started(step: str, finished: bool) -> None:
    placement = in_practice()
    if finished:
        placement = practice_finish(placement=placement, ended_on=END)
    with pytest.raises(ValidationError):
        COURSEWORK_STEPS[step](placement)
    after = fresh(placement)
    assert (after.credits_required, after.planned_practice_end, after.practice_project) == (32, END, PROJECT)
    assert after.practice_start == START


def test_practice_finish_moves_the_student_to_the_thesis_stage() -> None:
    placement = in_practice()
    with pytest.raises(ValidationError):
        practice_finish(placement=placement, ended_on=START - DAY)
    assert fresh(placement).stage == Stage.PRACTICE
    finished = practice_finish(placement=placement, ended_on=END)
    assert (finished.stage, finished.practice_end) == (Stage.THESIS, END)
    with pytest.raises(ValidationError):  # only once
        practice_finish(placement=finished, ended_on=END)


def test_practice_finish_is_refused_in_coursework() -> None:
    placement = world()
    with pytest.raises(ValidationError):
        practice_finish(placement=placement, ended_on=END)
    assert fresh(placement).stage == Stage.COURSEWORK


# --- 6 to 12 months -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "accepted"),
    [
        (D(2027, 2, 1), D(2027, 7, 31), True),  # exactly six months
        (D(2027, 2, 1), D(2027, 7, 30), False),  # one day short
        (D(2027, 2, 1), D(2028, 1, 31), True),  # exactly twelve months
        (D(2027, 2, 1), D(2028, 2, 1), False),  # one day over
        (D(2027, 3, 1), D(2028, 2, 29), True),  # twelve months over a leap February
        (D(2027, 3, 1), D(2028, 3, 1), False),
        (D(2027, 3, 1), D(2027, 8, 31), True),
        (D(2027, 8, 31), D(2028, 2, 28), True),  # six months from 31 August: 29 February is one day over
        (D(2027, 8, 31), D(2028, 2, 27), False),
        (D(2028, 8, 31), D(2029, 2, 27), True),  # not a leap year: the month's last day is the 28th
        (D(2028, 8, 31), D(2029, 2, 26), False),
        (D(2028, 2, 29), D(2028, 8, 28), True),
        (D(2028, 2, 29), D(2028, 8, 27), False),
    ],
)
def test_practice_lasts_six_to_twelve_months(start: dt.date, end: dt.date, accepted: bool) -> None:
    placement = world()
    if accepted:
        planned = practice_plan(placement=placement, planned_start=start, planned_end=end, project=PROJECT)
        assert (planned.planned_practice_start, planned.planned_practice_end) == (start, end)
        assert planned.length_exception_reason == ""
        return
    with pytest.raises(ValidationError) as error:
        practice_plan(placement=placement, planned_start=start, planned_end=end, project=PROJECT)
    assert "length_exception_reason" in error.value.error_dict
    assert fresh(placement).planned_practice_start is None
    planned = practice_plan(
        placement=placement, planned_start=start, planned_end=end, project=PROJECT, length_exception_reason=" 项目周期 "
    )
    assert (planned.planned_practice_end, planned.length_exception_reason) == (end, "项目周期")


def test_the_length_message_names_the_allowed_range() -> None:
    with pytest.raises(ValidationError) as error:
        practice_plan(placement=world(), planned_start=START, planned_end=D(2027, 7, 30), project=PROJECT)
    text = messages_of(error)
    assert "2027-07-31" in text
    assert "2028-01-31" in text


def test_a_blank_reason_is_no_reason() -> None:
    with pytest.raises(ValidationError):
        practice_plan(
            placement=world(),
            planned_start=START,
            planned_end=D(2027, 7, 30),
            project=PROJECT,
            length_exception_reason="   ",
        )


def test_a_later_start_than_planned_is_held_to_six_months_again() -> None:
    placement = ready(world())  # planned exactly six months, 2027-02-01 to 2027-07-31
    with pytest.raises(ValidationError) as error:
        practice_start(placement=placement, started_on=START + DAY)
    assert "length_exception_reason" in error.value.error_dict
    assert fresh(placement).stage == Stage.COURSEWORK


def test_a_plan_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError):
        practice_plan(
            placement=world(),
            planned_start=START,
            planned_end=START - DAY,
            project=PROJECT,
            length_exception_reason="短期",
        )


# --- the agreement's end ------------------------------------------------------------------------


def test_a_plan_past_the_agreements_end_needs_a_recorded_decision() -> None:
    placement = world(agreement_from=D(2025, 3, 1))  # in force until 2028-03-01
    plan = {"placement": placement, "planned_start": D(2027, 9, 1), "project": PROJECT}
    assert practice_plan(**plan, planned_end=D(2028, 3, 1)).planned_practice_end == D(2028, 3, 1)  # the last day
    with pytest.raises(ValidationError) as error:
        practice_plan(**plan, planned_end=D(2028, 3, 2))
    assert "beyond_agreement_reason" in error.value.error_dict
    assert "2028-03-01" in messages_of(error)
    assert fresh(placement).planned_practice_end == D(2028, 3, 1)
    planned = practice_plan(**plan, planned_end=D(2028, 3, 2), beyond_agreement_reason="续签在谈")
    assert (planned.planned_practice_end, planned.beyond_agreement_reason) == (D(2028, 3, 2), "续签在谈")


def test_practice_past_the_agreements_end_starts_with_the_recorded_decision() -> None:
    placement = world(agreement_from=D(2025, 3, 1))
    ready(placement, D(2027, 9, 1), D(2028, 3, 2), beyond_agreement_reason="续签在谈")
    started = practice_start(placement=placement, started_on=D(2027, 9, 1))
    assert (started.stage, started.practice_end) == (Stage.PRACTICE, D(2028, 3, 2))


def test_practice_cannot_be_planned_without_an_agreement_in_force_on_the_start() -> None:
    placement = world(agreement_from=D(2027, 6, 1))
    with pytest.raises(ValidationError) as error:
        practice_plan(placement=placement, planned_start=D(2027, 5, 31), planned_end=D(2027, 11, 30), project=PROJECT)
    assert "2027-05-31" in messages_of(error)
    planned = practice_plan(
        placement=placement, planned_start=D(2027, 6, 1), planned_end=D(2027, 11, 30), project=PROJECT
    )
    assert planned.planned_practice_start == D(2027, 6, 1)  # the agreement's first day is enough


def test_practice_cannot_start_before_the_agreement_is_in_force() -> None:
    placement = ready(world(agreement_from=D(2027, 6, 1)), D(2027, 6, 1), D(2027, 11, 30))
    with pytest.raises(ValidationError):
        practice_start(placement=placement, started_on=D(2027, 5, 31))  # still six months to 11-30
    assert fresh(placement).stage == Stage.COURSEWORK
    assert practice_start(placement=placement, started_on=D(2027, 6, 1)).stage == Stage.PRACTICE


def test_a_base_without_any_agreement_cannot_plan_practice() -> None:
    with pytest.raises(ValidationError):
        practice_plan(placement=world(agreement_from=None), planned_start=START, planned_end=END, project=PROJECT)


# --- the safety agreement -----------------------------------------------------------------------


def test_practice_cannot_start_without_the_safety_agreement() -> None:
    placement = world()
    complete_coursework(placement)
    practice_plan(placement=placement, planned_start=START, planned_end=END, project=PROJECT)
    insure(placement, START, END)
    with pytest.raises(ValidationError, match=r"safety|安全"):
        practice_start(placement=placement, started_on=START)
    assert fresh(placement).stage == Stage.COURSEWORK


@pytest.mark.parametrize("late", ["base_signed_on", "student_signed_on", "supervisor_signed_on"])
def test_a_safety_agreement_fully_signed_after_the_start_is_refused(late: str) -> None:
    placement = ready(world())
    dates = {"base_signed_on": START - DAY, "student_signed_on": START - DAY, "supervisor_signed_on": START - DAY}
    safety_agreement_record(placement=placement, **{**dates, late: START + DAY}, scan=scan())
    with pytest.raises(ValidationError) as error:
        practice_start(placement=placement, started_on=START)
    assert str(START + DAY) in messages_of(error)
    assert fresh(placement).stage == Stage.COURSEWORK


def test_a_safety_agreement_signed_on_the_start_day_is_in_time() -> None:
    placement = ready(world())
    agreement = safety_agreement_record(
        placement=placement, base_signed_on=START, student_signed_on=START, supervisor_signed_on=START, scan=scan()
    )
    assert agreement.fully_signed_on == START
    assert SafetyAgreement.objects.filter(placement=placement).count() == 1  # replaced, not added
    assert practice_start(placement=placement, started_on=START).stage == Stage.PRACTICE


def test_the_safety_agreement_cannot_change_after_practice() -> None:
    placement = practice_finish(placement=in_practice(), ended_on=END)
    with pytest.raises(ValidationError):
        sign_safety(placement, START)
    assert SafetyAgreement.objects.get(placement=placement).base_signed_on == START - 7 * DAY


# --- accident insurance -------------------------------------------------------------------------


def planned_with_safety(**world_args: Any) -> Placement:
    placement = world(**world_args)
    complete_coursework(placement)
    practice_plan(placement=placement, planned_start=START, planned_end=END, project=PROJECT)
    sign_safety(placement)
    return placement


def refused_start(placement: Placement) -> str:
    with pytest.raises(ValidationError) as error:
        practice_start(placement=placement, started_on=START)
    assert fresh(placement).stage == Stage.COURSEWORK
    return messages_of(error)


def test_practice_cannot_start_without_insurance() -> None:
    assert str(START) in refused_start(planned_with_safety())


@pytest.mark.parametrize(("named", "wrong"), [(Party.B, Party.A), (Party.A, Party.B)])
def test_insurance_bought_by_the_wrong_party_is_refused(named: Party, wrong: Party) -> None:
    placement = planned_with_safety(insurance_party=named)
    with pytest.raises(ValidationError) as error:
        insure(placement, START, END, party=wrong)
    assert "bought_by" in error.value.error_dict
    assert not InsurancePolicy.objects.filter(placement=placement).exists()
    insure(placement, START, END, party=named)
    assert practice_start(placement=placement, started_on=START).stage == Stage.PRACTICE


def test_insurance_ending_a_day_early_is_refused_naming_the_day() -> None:
    placement = planned_with_safety()
    insure(placement, START, END - DAY)
    assert str(END) in refused_start(placement)


def test_insurance_starting_a_day_late_is_refused_naming_the_day() -> None:
    placement = planned_with_safety()
    insure(placement, START + DAY, END)
    assert str(START) in refused_start(placement)


def test_contiguous_policies_cover_the_whole_period() -> None:
    placement = planned_with_safety()
    insure(placement, D(2027, 5, 1), END)  # recorded out of order on purpose
    insure(placement, D(2026, 12, 1), D(2027, 4, 30))
    assert practice_start(placement=placement, started_on=START).stage == Stage.PRACTICE


def test_a_one_day_gap_between_policies_is_refused_naming_the_gap() -> None:
    placement = planned_with_safety()
    insure(placement, START, D(2027, 4, 29))
    insure(placement, D(2027, 5, 1), END)
    text = refused_start(placement)
    assert "2027-04-30" in text
    insure(placement, D(2027, 4, 30), D(2027, 4, 30))
    assert practice_start(placement=placement, started_on=START).stage == Stage.PRACTICE


def test_a_policy_cannot_end_before_it_starts() -> None:
    placement = planned_with_safety()
    with pytest.raises(ValidationError):
        insure(placement, START, START - DAY)
    assert not InsurancePolicy.objects.filter(placement=placement).exists()


# --- thesis: topic, confidentiality, proposal, defence ------------------------------------------


def thesis_placement(project: str = PROJECT) -> Placement:
    placement = world()
    return placement_create(
        student=factories.StudentFactory(),
        base=placement.base,
        stage=Stage.THESIS,
        practice_project=project,
        practice_start=START,
        practice_end=END,
        today=PLACED_ON,
    )


PROPOSAL_DAY = D(2027, 9, 10)


def with_topic(placement: Placement | None = None) -> Placement:
    return thesis_set_topic(placement=placement or thesis_placement(), topic=" 巡检机器人路径规划 ")


def test_the_topic_is_tied_to_the_practice_project() -> None:
    without = thesis_placement(project="")
    with pytest.raises(ValidationError):
        thesis_set_topic(placement=without, topic="无项目的题目")
    assert fresh(without).thesis_topic == ""
    assert with_topic().thesis_topic == "巡检机器人路径规划"


def test_the_topic_cannot_be_blank() -> None:
    with pytest.raises(ValidationError) as error:
        thesis_set_topic(placement=thesis_placement(), topic="  ")
    assert "topic" in error.value.error_dict


def test_the_topic_comes_after_practice_through_the_stages() -> None:
    placement = practice_finish(placement=in_practice(), ended_on=END)
    assert with_topic(placement).thesis_topic == "巡检机器人路径规划"


def confirm(placement: Placement, on: dt.date, *, confidential: bool = False) -> ConfidentialityConfirmation:
    return confidentiality_confirm(
        placement=placement, confirmed_on=on, is_confidential=confidential, confirmed_by=factories.UserFactory()
    )


def test_the_proposal_needs_the_topic_first() -> None:
    placement = thesis_placement()
    confirm(placement, PROPOSAL_DAY - DAY)
    with pytest.raises(ValidationError):
        thesis_record_proposal(placement=placement, proposal_on=PROPOSAL_DAY)
    assert fresh(placement).proposal_on is None


def test_the_proposal_is_refused_before_the_confidentiality_confirmation() -> None:
    placement = with_topic()
    with pytest.raises(ValidationError):
        thesis_record_proposal(placement=placement, proposal_on=PROPOSAL_DAY)  # no confirmation at all
    confirm(placement, PROPOSAL_DAY + DAY)
    with pytest.raises(ValidationError):
        thesis_record_proposal(placement=placement, proposal_on=PROPOSAL_DAY)  # confirmed the day after
    assert fresh(placement).proposal_on is None


def test_a_confirmation_on_the_proposal_day_is_in_time() -> None:
    placement = with_topic()
    confirm(placement, PROPOSAL_DAY)
    assert thesis_record_proposal(placement=placement, proposal_on=PROPOSAL_DAY).proposal_on == PROPOSAL_DAY


def test_the_confirmation_may_change_before_the_proposal_but_not_after() -> None:
    placement = with_topic()
    confirm(placement, PROPOSAL_DAY - 5 * DAY, confidential=False)
    confirm(placement, PROPOSAL_DAY - DAY, confidential=True)
    assert ConfidentialityConfirmation.objects.filter(placement=placement).count() == 1
    thesis_record_proposal(placement=placement, proposal_on=PROPOSAL_DAY)
    with pytest.raises(ValidationError):
        confirm(placement, PROPOSAL_DAY + DAY, confidential=False)
    confirmation = ConfidentialityConfirmation.objects.get(placement=placement)
    assert (confirmation.confirmed_on, confirmation.is_confidential) == (PROPOSAL_DAY - DAY, True)


def test_the_defence_comes_after_the_proposal() -> None:
    placement = with_topic()
    with pytest.raises(ValidationError):  # no proposal yet
        thesis_record_defence(placement=placement, defence_on=D(2028, 5, 20), result=DefenceResult.PASSED)
    confirm(placement, PROPOSAL_DAY)
    thesis_record_proposal(placement=placement, proposal_on=PROPOSAL_DAY)
    for too_early in (PROPOSAL_DAY - DAY, PROPOSAL_DAY):
        with pytest.raises(ValidationError):
            thesis_record_defence(placement=placement, defence_on=too_early, result=DefenceResult.PASSED)
    assert fresh(placement).defence_on is None
    defended = thesis_record_defence(placement=placement, defence_on=PROPOSAL_DAY + DAY, result=DefenceResult.REVISE)
    assert (defended.defence_on, defended.defence_result) == (PROPOSAL_DAY + DAY, DefenceResult.REVISE)
