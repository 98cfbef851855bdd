"""Mentor services at every boundary: criteria, decisions, terms, lapses, and the records kept."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.models import User
from agreements.models import TrainingBase
from mentors.criteria import criteria_check, meets_all
from mentors.models import (
    Appointment,
    AppointmentCriteria,
    Degree,
    Mentor,
    MentorAssessment,
    MentorRecommendation,
    MentorTraining,
    RemunerationRecord,
    TitleLevel,
)
from mentors.selectors import appointment_criteria
from mentors.services import (
    appointment_create,
    criteria_update,
    mentor_assessment_record,
    recommendation_appoint,
    recommendation_create,
    recommendation_reject,
    remuneration_record,
    training_record,
)
from students.models import Placement, Student
from students.services import placement_assign_mentor, placement_create
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
DAY = dt.timedelta(days=1)

FIRST_DAY = D(2024, 9, 1)
LAST_DAY = D(2027, 8, 31)
DECIDED_ON = D(2024, 7, 15)


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- criteria -----------------------------------------------------------------------------------


def criteria(
    title_level: str = TitleLevel.JUNIOR, degree: str = Degree.BACHELOR, years: int = 0
) -> AppointmentCriteria:
    """Criteria that only the criterion under test can fail."""
    return AppointmentCriteria(min_title_level=title_level, min_degree=degree, min_years_of_experience=years)


def check(
    rules: AppointmentCriteria,
    title_level: str = TitleLevel.SENIOR,
    degree: str = Degree.DOCTORATE,
    years: int | None = 40,
) -> list[bool]:
    return [r.met for r in criteria_check(rules, title_level=title_level, degree=degree, years_of_experience=years)]


@pytest.mark.parametrize(
    ("minimum", "candidate", "met"),
    [
        (TitleLevel.ASSOCIATE_SENIOR, TitleLevel.ASSOCIATE_SENIOR, True),  # exactly at the minimum
        (TitleLevel.ASSOCIATE_SENIOR, TitleLevel.INTERMEDIATE, False),  # one level below
        (TitleLevel.ASSOCIATE_SENIOR, TitleLevel.SENIOR, True),  # above
        (TitleLevel.INTERMEDIATE, TitleLevel.INTERMEDIATE, True),
        (TitleLevel.INTERMEDIATE, TitleLevel.JUNIOR, False),
        (TitleLevel.SENIOR, TitleLevel.SENIOR, True),
        (TitleLevel.SENIOR, TitleLevel.ASSOCIATE_SENIOR, False),
        (TitleLevel.JUNIOR, TitleLevel.JUNIOR, True),
        (TitleLevel.JUNIOR, "", False),  # a blank level never meets, not even the lowest minimum
    ],
)
def test_title_level_criterion(minimum: str, candidate: str, met: bool) -> None:
    results = criteria_check(
        criteria(title_level=minimum), title_level=candidate, degree="doctorate", years_of_experience=40
    )
    assert [r.met for r in results] == [met, True, True]
    assert meets_all(results) is met
    assert results[0].required == str(TitleLevel(minimum).label)
    assert results[0].actual == (str(TitleLevel(candidate).label) if candidate else "—")


@pytest.mark.parametrize(
    ("minimum", "candidate", "met"),
    [
        (Degree.MASTER, Degree.MASTER, True),
        (Degree.MASTER, Degree.BACHELOR, False),
        (Degree.MASTER, Degree.DOCTORATE, True),
        (Degree.DOCTORATE, Degree.DOCTORATE, True),
        (Degree.DOCTORATE, Degree.MASTER, False),
        (Degree.BACHELOR, Degree.BACHELOR, True),
        (Degree.BACHELOR, "", False),
    ],
)
def test_degree_criterion(minimum: str, candidate: str, met: bool) -> None:
    results = criteria_check(criteria(degree=minimum), title_level="senior", degree=candidate, years_of_experience=40)
    assert [r.met for r in results] == [True, met, True]
    assert meets_all(results) is met
    assert results[1].actual == (str(Degree(candidate).label) if candidate else "—")


@pytest.mark.parametrize(
    ("minimum", "candidate", "met"),
    [
        (5, 5, True),
        (5, 4, False),
        (5, 6, True),
        (5, None, False),
        (0, 0, True),
        (0, None, False),  # a missing value never meets, even a zero minimum
    ],
)
def test_years_criterion(minimum: int, candidate: int | None, met: bool) -> None:
    results = criteria_check(
        criteria(years=minimum), title_level="senior", degree="doctorate", years_of_experience=candidate
    )
    assert [r.met for r in results] == [True, True, met]
    assert meets_all(results) is met
    assert results[2].required == str(minimum)
    assert results[2].actual == ("—" if candidate is None else str(candidate))


def test_office_defaults_apply_until_criteria_are_saved() -> None:
    default = appointment_criteria()
    assert default.pk is None
    assert (default.min_title_level, default.min_degree, default.min_years_of_experience) == (
        TitleLevel.ASSOCIATE_SENIOR,
        Degree.MASTER,
        5,
    )
    saved = criteria_update(min_title_level=TitleLevel.SENIOR, min_degree=Degree.DOCTORATE, min_years_of_experience=9)
    assert appointment_criteria().pk == saved.pk
    again = criteria_update(min_title_level=TitleLevel.JUNIOR, min_degree=Degree.BACHELOR, min_years_of_experience=1)
    assert again.pk == saved.pk
    assert AppointmentCriteria.objects.count() == 1  # one current set, updated in place


def test_criteria_are_data_the_same_candidate_flips() -> None:
    candidate = {"title_level": TitleLevel.ASSOCIATE_SENIOR, "degree": Degree.MASTER, "years": 8}
    levels = {"min_title_level": TitleLevel.ASSOCIATE_SENIOR, "min_degree": Degree.MASTER}

    criteria_update(**levels, min_years_of_experience=8)
    assert check(appointment_criteria(), **candidate) == [True, True, True]
    criteria_update(**levels, min_years_of_experience=9)
    assert check(appointment_criteria(), **candidate) == [True, True, False]
    criteria_update(min_title_level=TitleLevel.SENIOR, min_degree=Degree.MASTER, min_years_of_experience=8)
    assert check(appointment_criteria(), **candidate) == [False, True, True]
    criteria_update(min_title_level=TitleLevel.ASSOCIATE_SENIOR, min_degree=Degree.DOCTORATE, min_years_of_experience=8)
    assert check(appointment_criteria(), **candidate) == [True, False, True]
    criteria_update(**levels, min_years_of_experience=8)
    assert check(appointment_criteria(), **candidate) == [True, True, True]


def test_criteria_update_refuses_unknown_levels() -> None:
    with pytest.raises(ValidationError):
        criteria_update(min_title_level="professor", min_degree=Degree.MASTER, min_years_of_experience=5)
    assert not AppointmentCriteria.objects.exists()


# --- recommendations and the decision -----------------------------------------------------------


def recommend(base: TrainingBase | None = None, **candidate: object) -> MentorRecommendation:
    fields: dict[str, object] = {
        "full_name": "王建国",
        "title": "高级工程师",
        "title_level": TitleLevel.ASSOCIATE_SENIOR,
        "degree": Degree.MASTER,
        "years_of_experience": 5,  # exactly the default minimum
        "field": "采矿工程",
        "phone": "0516-83590000",
        "email": "wang@example.com",
        **candidate,
    }
    return recommendation_create(
        base=base or factories.BaseFactory(),
        recommended_by=factories.UserFactory(),
        cv=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv", content_type="application/pdf"),
        **fields,  # type: ignore[arg-type]
    )


def appoint(recommendation: MentorRecommendation, decided_by: User, **extra: object) -> Appointment:
    return recommendation_appoint(
        recommendation=recommendation,
        starts_on=FIRST_DAY,
        ends_on=LAST_DAY,
        letter_number=str(extra.pop("letter_number", "研聘〔2024〕001号")),
        decided_by=decided_by,
        today=DECIDED_ON,
        **extra,  # type: ignore[arg-type]
    )


def test_appointing_creates_the_mentor_and_the_first_appointment() -> None:
    recommendation = recommend()
    office = factories.UserFactory()
    appointment = appoint(recommendation, office)

    mentor = appointment.mentor
    assert mentor.kind == Mentor.Kind.COOPERATIVE
    assert (mentor.base, mentor.organisation) == (recommendation.base, recommendation.base.enterprise)
    assert mentor.college is None
    assert (
        mentor.full_name,
        mentor.title,
        mentor.title_level,
        mentor.degree,
        mentor.years_of_experience,
        mentor.field,
        mentor.phone,
        mentor.email,
    ) == ("王建国", "高级工程师", "associate_senior", "master", 5, "采矿工程", "0516-83590000", "wang@example.com")
    assert (appointment.base, appointment.starts_on, appointment.ends_on) == (recommendation.base, FIRST_DAY, LAST_DAY)
    assert (appointment.letter_number, appointment.appointed_by) == ("研聘〔2024〕001号", office)
    assert appointment.recommendation == recommendation

    recommendation.refresh_from_db()
    assert recommendation.status == MentorRecommendation.Status.APPOINTED
    assert (recommendation.mentor, recommendation.decided_by, recommendation.decided_on) == (mentor, office, DECIDED_ON)
    assert recommendation.decision_reason == ""


@pytest.mark.parametrize(
    "shortfall",
    [
        {"title_level": TitleLevel.INTERMEDIATE},
        {"degree": Degree.BACHELOR},
        {"years_of_experience": 4},
    ],
)
def test_a_candidate_below_a_criterion_needs_a_reason(shortfall: dict[str, object]) -> None:
    recommendation = recommend(**shortfall)
    office = factories.UserFactory()
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as error:
            appoint(recommendation, office, exception_reason=reason)
        assert "exception_reason" in error.value.message_dict
    assert not Mentor.objects.exists()
    assert not Appointment.objects.exists()
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.decided_by, recommendation.mentor) == ("pending", None, None)

    appointment = appoint(recommendation, office, exception_reason="  该候选人主持国家重点研发项目  ")
    recommendation.refresh_from_db()
    assert recommendation.status == MentorRecommendation.Status.APPOINTED
    assert recommendation.decision_reason == "该候选人主持国家重点研发项目"
    assert recommendation.mentor == appointment.mentor


def test_raised_criteria_turn_an_accepted_candidate_into_one_needing_a_reason() -> None:
    recommendation = recommend(years_of_experience=8)
    criteria_update(min_title_level=TitleLevel.ASSOCIATE_SENIOR, min_degree=Degree.MASTER, min_years_of_experience=9)
    with pytest.raises(ValidationError) as error:
        appoint(recommendation, factories.UserFactory())
    assert "exception_reason" in error.value.message_dict
    criteria_update(min_title_level=TitleLevel.ASSOCIATE_SENIOR, min_degree=Degree.MASTER, min_years_of_experience=8)
    assert appoint(recommendation, factories.UserFactory()).mentor.years_of_experience == 8


def test_a_recommendation_is_decided_once() -> None:
    office = factories.UserFactory()
    appointed = recommend()
    appoint(appointed, office)
    with pytest.raises(ValidationError):
        appoint(appointed, office, letter_number="研聘〔2024〕002号")
    with pytest.raises(ValidationError):
        recommendation_reject(recommendation=appointed, reason="重复", decided_by=office, today=DECIDED_ON)
    assert Mentor.objects.count() == 1
    assert Appointment.objects.count() == 1

    rejected = recommend(full_name="李四")
    recommendation_reject(recommendation=rejected, reason="职称不符", decided_by=office, today=DECIDED_ON)
    with pytest.raises(ValidationError):
        appoint(rejected, office, letter_number="研聘〔2024〕003号")
    with pytest.raises(ValidationError):
        recommendation_reject(recommendation=rejected, reason="再次", decided_by=office, today=DECIDED_ON)
    rejected.refresh_from_db()
    assert (rejected.status, rejected.decision_reason) == ("rejected", "职称不符")
    assert Mentor.objects.count() == 1


def test_a_failed_appointment_leaves_nothing_behind() -> None:
    office = factories.UserFactory()
    appoint(recommend(), office, letter_number="研聘〔2024〕001号")
    second = recommend(full_name="李四")
    with pytest.raises(ValidationError) as error:
        appoint(second, office, letter_number="研聘〔2024〕001号")  # the letter number is taken
    assert "letter_number" in error.value.message_dict
    assert list(Mentor.objects.values_list("full_name", flat=True)) == ["王建国"]
    second.refresh_from_db()
    assert (second.status, second.mentor) == ("pending", None)


def test_rejection_needs_a_reason_and_records_it() -> None:
    recommendation = recommend()
    office = factories.UserFactory()
    for reason in ("", "  \n "):
        with pytest.raises(ValidationError) as error:
            recommendation_reject(recommendation=recommendation, reason=reason, decided_by=office, today=DECIDED_ON)
        assert "reason" in error.value.message_dict
    recommendation.refresh_from_db()
    assert recommendation.status == MentorRecommendation.Status.PENDING

    recommendation_reject(
        recommendation=recommendation, reason=" 工作年限证明不足 ", decided_by=office, today=DECIDED_ON
    )
    recommendation.refresh_from_db()
    assert recommendation.status == MentorRecommendation.Status.REJECTED
    assert (recommendation.decision_reason, recommendation.decided_by, recommendation.decided_on) == (
        "工作年限证明不足",
        office,
        DECIDED_ON,
    )
    assert recommendation.mentor is None
    assert not Mentor.objects.exists()


# --- the appointment's term ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (FIRST_DAY - DAY, Appointment.State.UPCOMING),
        (FIRST_DAY, Appointment.State.CURRENT),
        (D(2026, 2, 28), Appointment.State.CURRENT),
        (LAST_DAY, Appointment.State.CURRENT),
        (LAST_DAY + DAY, Appointment.State.LAPSED),
    ],
)
def test_state_on_each_side_of_the_term(day: dt.date, state: Appointment.State) -> None:
    assert Appointment(starts_on=FIRST_DAY, ends_on=LAST_DAY).state_on(day) == state


def test_a_one_day_term_is_current_on_that_day_only() -> None:
    appointment = Appointment(starts_on=D(2028, 2, 29), ends_on=D(2028, 2, 29))
    assert [appointment.state_on(D(2028, 2, 28) + n * DAY) for n in range(3)] == ["upcoming", "current", "lapsed"]


def appointed_mentor(base: TrainingBase | None = None, full_name: str = "刘工") -> Mentor:
    mentor = factories.CooperativeMentorFactory(base=base or factories.BaseFactory(), full_name=full_name)
    appointment_create(mentor=mentor, starts_on=FIRST_DAY, ends_on=LAST_DAY, letter_number=f"聘-{mentor.pk}-1")
    return mentor


def test_a_term_cannot_end_before_it_starts() -> None:
    mentor = factories.CooperativeMentorFactory()
    with pytest.raises(ValidationError) as error:
        appointment_create(mentor=mentor, starts_on=FIRST_DAY, ends_on=FIRST_DAY - DAY, letter_number="聘-1")
    assert "ends_on" in error.value.message_dict
    assert not Appointment.objects.exists()
    one_day = appointment_create(mentor=mentor, starts_on=FIRST_DAY, ends_on=FIRST_DAY, letter_number="聘-1")
    assert one_day.base == mentor.base


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "accepted"),
    [
        (LAST_DAY, D(2030, 8, 31), False),  # touches the existing term on its last day
        (LAST_DAY + DAY, D(2030, 8, 31), True),  # the day after: a re-appointment
        (D(2021, 9, 1), FIRST_DAY, False),  # touches the existing term on its first day
        (D(2021, 9, 1), FIRST_DAY - DAY, True),  # an earlier term, on record afterwards
        (D(2025, 1, 1), D(2025, 12, 31), False),  # inside
        (D(2020, 1, 1), D(2030, 1, 1), False),  # around
    ],
)
def test_terms_of_one_mentor_never_overlap(starts_on: dt.date, ends_on: dt.date, accepted: bool) -> None:
    mentor = appointed_mentor()
    first = mentor.appointments.get()
    if not accepted:
        with pytest.raises(ValidationError) as error:
            appointment_create(mentor=mentor, starts_on=starts_on, ends_on=ends_on, letter_number="聘-新")
        assert "starts_on" in error.value.message_dict
        assert list(mentor.appointments.all()) == [first]
        return
    again = appointment_create(mentor=mentor, starts_on=starts_on, ends_on=ends_on, letter_number="聘-新")
    # Both terms stay on record: a re-appointment is a new row, never an edit of the old one.
    assert set(mentor.appointments.all()) == {first, again}
    first.refresh_from_db()
    assert (first.starts_on, first.ends_on) == (FIRST_DAY, LAST_DAY)


def test_supervisors_are_not_appointed() -> None:
    supervisor = factories.SupervisorFactory()
    with pytest.raises(ValidationError):
        appointment_create(mentor=supervisor, starts_on=FIRST_DAY, ends_on=LAST_DAY, letter_number="聘-1")
    assert not Appointment.objects.exists()


def test_letter_numbers_are_unique() -> None:
    appointed_mentor()
    taken = Appointment.objects.get().letter_number
    other = factories.CooperativeMentorFactory()
    for number in (taken, f"  {taken} "):
        with pytest.raises(ValidationError) as error:
            appointment_create(mentor=other, starts_on=FIRST_DAY, ends_on=LAST_DAY, letter_number=number)
        assert "letter_number" in error.value.message_dict
    assert not other.appointments.exists()


# --- no new students for a mentor without a current appointment --------------------------------


@dataclass
class Placing:
    """A base with a mentor appointed for [FIRST_DAY, LAST_DAY], and a student to place there."""

    base: TrainingBase
    mentor: Mentor
    other_base_mentor: Mentor
    placement: Placement
    student: Student


@pytest.fixture
def placing() -> Placing:
    base = factories.BaseFactory()
    return Placing(
        base=base,
        mentor=appointed_mentor(base, "刘工"),
        other_base_mentor=appointed_mentor(factories.BaseFactory(), "孙工"),
        placement=factories.PlacementFactory(base=base, cooperative_mentor=None),
        student=factories.StudentFactory(),
    )


def by_assigning(placing: Placing, mentor: Mentor, today: dt.date) -> Placement:
    return placement_assign_mentor(placement=placing.placement, mentor=mentor, today=today)


def by_creating(placing: Placing, mentor: Mentor, today: dt.date) -> Placement:
    return placement_create(
        student=placing.student,
        base=placing.base,
        cooperative_mentor=mentor,
        stage=Placement.Stage.PRACTICE,
        today=today,
    )


Assign = Callable[[Placing, Mentor, dt.date], Placement]
BOTH_WAYS = pytest.mark.parametrize("assign", [by_assigning, by_creating], ids=["assign_mentor", "create"])


def placements() -> set[tuple[int, int, int | None]]:
    return set(Placement.objects.values_list("pk", "student_id", "cooperative_mentor_id"))


@BOTH_WAYS
@pytest.mark.parametrize("day", [FIRST_DAY, LAST_DAY])
def test_a_mentor_takes_students_on_the_first_and_last_day(assign: Assign, placing: Placing, day: dt.date) -> None:
    placement = assign(placing, placing.mentor, day)
    placement.refresh_from_db()
    assert (placement.base, placement.cooperative_mentor) == (placing.base, placing.mentor)


@BOTH_WAYS
def test_the_day_after_the_term_is_refused_with_the_lapse_date(assign: Assign, placing: Placing) -> None:
    before = placements()
    with pytest.raises(ValidationError) as error:
        assign(placing, placing.mentor, LAST_DAY + DAY)
    assert "刘工" in messages_of(error)
    assert "2027-08-31" in messages_of(error)
    assert placements() == before


@BOTH_WAYS
def test_before_the_first_appointment_is_refused(assign: Assign, placing: Placing) -> None:
    before = placements()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        assign(placing, placing.mentor, FIRST_DAY - DAY)
    assert "刘工" in messages_of(error)
    assert "not been appointed yet" in messages_of(error)
    assert placements() == before


@BOTH_WAYS
def test_a_mentor_of_another_base_is_refused(assign: Assign, placing: Placing) -> None:
    before = placements()
    with pytest.raises(ValidationError) as error:
        assign(placing, placing.other_base_mentor, D(2025, 6, 1))  # appointed that day, but elsewhere
    assert "孙工" in messages_of(error)
    assert placements() == before


@BOTH_WAYS
def test_a_supervisor_is_not_a_cooperative_mentor(assign: Assign, placing: Placing) -> None:
    before = placements()
    with pytest.raises(ValidationError):
        assign(placing, factories.SupervisorFactory(), D(2025, 6, 1))
    assert placements() == before


@BOTH_WAYS
def test_a_reappointed_mentor_takes_students_again(assign: Assign, placing: Placing) -> None:
    appointment_create(mentor=placing.mentor, starts_on=LAST_DAY + DAY, ends_on=D(2030, 8, 31), letter_number="聘-续")
    placement = assign(placing, placing.mentor, LAST_DAY + DAY)
    assert placement.cooperative_mentor == placing.mentor


@BOTH_WAYS
def test_in_a_gap_between_terms_the_last_lapse_is_named(assign: Assign, placing: Placing) -> None:
    appointment_create(mentor=placing.mentor, starts_on=D(2027, 10, 1), ends_on=D(2030, 9, 30), letter_number="聘-续")
    with pytest.raises(ValidationError) as error:
        assign(placing, placing.mentor, D(2027, 9, 15))
    assert "2027-08-31" in messages_of(error)
    assert assign(placing, placing.mentor, D(2027, 10, 1)).cooperative_mentor == placing.mentor


def test_a_refused_change_of_mentor_keeps_the_current_one(placing: Placing) -> None:
    placement_assign_mentor(placement=placing.placement, mentor=placing.mentor, today=LAST_DAY)
    newcomer = factories.CooperativeMentorFactory(base=placing.base, full_name="新工")  # never appointed
    with pytest.raises(ValidationError):
        placement_assign_mentor(placement=placing.placement, mentor=newcomer, today=LAST_DAY)
    placing.placement.refresh_from_db()
    assert placing.placement.cooperative_mentor == placing.mentor


def test_a_placement_without_a_mentor_needs_no_appointment() -> None:
    placement = placement_create(student=factories.StudentFactory(), base=factories.BaseFactory(), today=D(2020, 1, 1))
    assert placement.cooperative_mentor is None


# --- training, assessment and remuneration ------------------------------------------------------


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1.0")])
def test_training_hours_must_be_positive(hours: Decimal) -> None:
    mentor = factories.CooperativeMentorFactory()
    with pytest.raises(ValidationError) as error:
        training_record(mentor=mentor, held_on=D(2025, 10, 1), topic="导师培训", hours=hours)
    assert "hours" in error.value.message_dict
    assert not MentorTraining.objects.exists()


def test_training_is_recorded() -> None:
    mentor = factories.CooperativeMentorFactory()
    training = training_record(mentor=mentor, held_on=D(2025, 10, 1), topic="  研究生培养政策  ", hours=Decimal("0.5"))
    training.refresh_from_db()
    assert (training.mentor, training.topic, training.hours) == (mentor, "研究生培养政策", Decimal("0.5"))


def assess(mentor: Mentor, start: dt.date, end: dt.date) -> MentorAssessment:
    return mentor_assessment_record(
        mentor=mentor, period_start=start, period_end=end, result=MentorAssessment.Result.GOOD
    )


def test_an_assessment_period_must_be_in_order() -> None:
    mentor = factories.CooperativeMentorFactory()
    with pytest.raises(ValidationError):
        assess(mentor, D(2026, 8, 31), D(2026, 8, 30))
    assert not MentorAssessment.objects.exists()
    assert assess(mentor, D(2026, 8, 31), D(2026, 8, 31)).pk  # a single day is a period


def test_one_assessment_per_mentor_and_period_start() -> None:
    mentor, other = factories.CooperativeMentorFactory(), factories.CooperativeMentorFactory()
    assess(mentor, D(2025, 9, 1), D(2026, 8, 31))
    with pytest.raises(ValidationError):
        assess(mentor, D(2025, 9, 1), D(2026, 2, 28))
    assert MentorAssessment.objects.filter(mentor=mentor).count() == 1
    assess(other, D(2025, 9, 1), D(2026, 8, 31))  # another mentor, same period
    assess(mentor, D(2026, 9, 1), D(2027, 8, 31))  # the same mentor, the next period
    assert MentorAssessment.objects.count() == 3


def pay(mentor: Mentor, start: dt.date, end: dt.date, amount: str = "1500.00", **extra: object) -> RemunerationRecord:
    return remuneration_record(
        mentor=mentor,
        period_start=start,
        period_end=end,
        basis=RemunerationRecord.Basis.STUDENTS,
        quantity=Decimal("2"),
        amount=Decimal(amount),
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("start", "end", "accepted"),
    [
        (FIRST_DAY - 31 * DAY, FIRST_DAY, True),  # ends on the term's first day
        (FIRST_DAY - 31 * DAY, FIRST_DAY - DAY, False),  # ends the day before
        (LAST_DAY, LAST_DAY + 30 * DAY, True),  # starts on the term's last day
        (LAST_DAY + DAY, LAST_DAY + 30 * DAY, False),  # starts the day after
    ],
)
def test_remuneration_only_for_a_period_overlapping_an_appointment(
    start: dt.date, end: dt.date, accepted: bool
) -> None:
    mentor = appointed_mentor()
    if accepted:
        assert pay(mentor, start, end).base == mentor.base
        return
    with pytest.raises(ValidationError) as error:
        pay(mentor, start, end)
    assert mentor.full_name in messages_of(error)
    assert not RemunerationRecord.objects.exists()


def test_remuneration_base_comes_from_the_appointment() -> None:
    mentor = appointed_mentor()
    appointed_at = mentor.base
    # The mentor later moves to another base; pay for the old term still belongs to the old base.
    Mentor.objects.filter(pk=mentor.pk).update(base=factories.BaseFactory())
    mentor.refresh_from_db()
    assert pay(mentor, D(2025, 9, 1), D(2026, 1, 31)).base == appointed_at


def test_a_supervisor_without_appointment_is_not_paid_here() -> None:
    with pytest.raises(ValidationError):
        pay(factories.SupervisorFactory(), D(2025, 9, 1), D(2026, 1, 31))


@pytest.mark.parametrize("amount", ["-0.01", "-1500.00"])
def test_negative_remuneration_is_refused(amount: str) -> None:
    mentor = appointed_mentor()
    with pytest.raises(ValidationError) as error:
        pay(mentor, D(2025, 9, 1), D(2026, 1, 31), amount=amount)
    assert "amount" in error.value.message_dict
    assert not RemunerationRecord.objects.exists()


def test_remuneration_period_must_be_in_order() -> None:
    mentor = appointed_mentor()
    with pytest.raises(ValidationError):
        pay(mentor, D(2026, 1, 31), D(2025, 9, 1))
    assert not RemunerationRecord.objects.exists()


@pytest.mark.parametrize("amount", ["0.00", "0.10", "1234.56", "99999999.99"])
def test_remuneration_amounts_are_kept_exactly(amount: str) -> None:
    mentor = appointed_mentor()
    record = pay(mentor, D(2025, 9, 1), D(2026, 1, 31), amount=amount, reference=" 2025-财-0001 ")
    stored = RemunerationRecord.objects.get(pk=record.pk)
    assert stored.amount == Decimal(amount)
    assert str(stored.amount) == amount
    assert stored.reference == "2025-财-0001"
