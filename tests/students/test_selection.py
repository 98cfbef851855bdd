"""Position demands and the selection of students: the default group, both parties' consent, and acceptance."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from mentors.models import Mentor
from mentors.services import appointment_create
from students.models import Placement, PositionDemand, Selection, Student
from students.services import (
    demand_post,
    selection_accept,
    selection_decline,
    selection_propose,
    student_is_eligible_by_default,
)
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
DAY = dt.timedelta(days=1)

APPOINTED_UNTIL = D(2027, 8, 31)
TODAY = D(2026, 10, 8)

OUTSIDE_THE_GROUP = {
    "part-time": {"study_mode": Student.StudyMode.PART_TIME},
    "directed": {"employment_type": Student.EmploymentType.DIRECTED},
    "academic": {"degree_type": Student.DegreeType.ACADEMIC},
}


@dataclass
class Setting:
    demand: PositionDemand
    mentor: Mentor
    office: User
    base_admin: User

    def propose(self, student: Student | None = None, consent: str = "") -> Selection:
        return selection_propose(
            demand=self.demand,
            student=student or factories.StudentFactory(),
            selected_by=self.office,
            party_a_consent=consent,
        )

    def accept(self, selection: Selection, *, today: dt.date = TODAY, **extra: Any) -> Placement:
        return selection_accept(
            selection=selection, answered_by=self.base_admin, cooperative_mentor=self.mentor, today=today, **extra
        )


@pytest.fixture
def setting() -> Setting:
    """A base with an agreement in force, a mentor appointed to 2027-08-31 and a demand for two students."""
    base = factories.BaseFactory()
    factories.AgreementFactory(base=base)
    mentor = factories.CooperativeMentorFactory(base=base)
    appointment_create(mentor=mentor, starts_on=D(2025, 9, 1), ends_on=APPOINTED_UNTIL, letter_number="聘-sel")
    base_admin = factories.UserFactory(organisation=base.enterprise)
    demand = demand_post(base=base, year=2026, title=" 采矿工艺研发岗 ", count=2, posted_by=base_admin)
    return Setting(demand=demand, mentor=mentor, office=factories.UserFactory(), base_admin=base_admin)


def status_of(selection: Selection) -> str:
    return Selection.objects.get(pk=selection.pk).status


# --- demands ------------------------------------------------------------------------------------


def test_a_demand_is_posted_for_at_least_one_student(setting: Setting) -> None:
    assert setting.demand.title == "采矿工艺研发岗"
    with pytest.raises(ValidationError):
        demand_post(base=setting.demand.base, year=2026, title="空岗", count=0)
    assert not PositionDemand.objects.filter(title="空岗").exists()


# --- Party A selects ----------------------------------------------------------------------------


def test_the_default_group_is_selected_without_consent(setting: Setting) -> None:
    selection = setting.propose()
    assert selection.eligible_by_default is True
    assert (selection.status, selection.party_a_consent) == (Selection.Status.PROPOSED, "")


@pytest.mark.parametrize("fields", OUTSIDE_THE_GROUP.values(), ids=OUTSIDE_THE_GROUP.keys())
def test_a_student_outside_the_group_needs_party_a_consent(setting: Setting, fields: dict[str, str]) -> None:
    student = factories.StudentFactory(**fields)
    assert student_is_eligible_by_default(student) is False
    for consent in ("", "   "):
        with pytest.raises(ValidationError) as error:
            setting.propose(student, consent)
        assert "party_a_consent" in error.value.error_dict
    assert not Selection.objects.exists()
    selection = setting.propose(student, " 研究生院同意（会议纪要2026-5号） ")
    assert selection.eligible_by_default is False
    assert selection.party_a_consent == "研究生院同意（会议纪要2026-5号）"


def test_the_same_student_cannot_be_selected_twice_for_one_demand(setting: Setting) -> None:
    student = factories.StudentFactory()
    setting.propose(student)
    with pytest.raises(ValidationError) as error:
        setting.propose(student)
    assert "student" in error.value.error_dict
    assert Selection.objects.filter(student=student).count() == 1
    other = demand_post(base=setting.demand.base, year=2026, title="安全工程岗", count=1)
    selection_propose(demand=other, student=student, selected_by=setting.office)  # another demand is fine
    assert Selection.objects.filter(student=student).count() == 2


# --- Party B answers ----------------------------------------------------------------------------


def test_acceptance_places_the_student_in_coursework_with_the_mentor(setting: Setting) -> None:
    selection = setting.propose()
    placement = setting.accept(selection)
    assert placement.stage == Placement.Stage.COURSEWORK
    assert (placement.student, placement.demand, placement.base) == (
        selection.student,
        setting.demand,
        setting.demand.base,
    )
    assert placement.cooperative_mentor == setting.mentor
    selection.refresh_from_db()
    assert (selection.status, selection.answered_by, selection.answered_on) == (
        Selection.Status.ACCEPTED,
        setting.base_admin,
        TODAY,
    )


@pytest.mark.parametrize("fields", OUTSIDE_THE_GROUP.values(), ids=OUTSIDE_THE_GROUP.keys())
def test_acceptance_outside_the_group_needs_party_b_consent(setting: Setting, fields: dict[str, str]) -> None:
    selection = setting.propose(factories.StudentFactory(**fields), "甲方同意")
    for consent in ("", "  "):
        with pytest.raises(ValidationError) as error:
            setting.accept(selection, party_b_consent=consent)
        assert "party_b_consent" in error.value.error_dict
    assert not Placement.objects.exists()
    assert status_of(selection) == Selection.Status.PROPOSED
    setting.accept(selection, party_b_consent=" 乙方同意 ")
    selection.refresh_from_db()
    assert (selection.status, selection.party_b_consent) == (Selection.Status.ACCEPTED, "乙方同意")


def test_a_demand_cannot_be_over_filled(setting: Setting) -> None:
    first, second, third = (setting.propose() for _ in range(3))
    setting.accept(first)
    setting.accept(second)  # exactly the demand's count
    with pytest.raises(ValidationError, match="2"):
        setting.accept(third)
    assert Placement.objects.filter(demand=setting.demand).count() == setting.demand.count
    assert status_of(third) == Selection.Status.PROPOSED
    selection_decline(selection=third, answered_by=setting.base_admin, reason="岗位已满", today=TODAY)
    assert status_of(third) == Selection.Status.DECLINED


def test_a_declined_selection_does_not_take_a_position(setting: Setting) -> None:
    first, second, third = (setting.propose() for _ in range(3))
    selection_decline(selection=first, answered_by=setting.base_admin, reason="专业不符", today=TODAY)
    setting.accept(second)
    setting.accept(third)
    assert Placement.objects.filter(demand=setting.demand).count() == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [("accept", "accept"), ("accept", "decline"), ("decline", "accept"), ("decline", "decline")],
)
def test_a_selection_is_answered_once(setting: Setting, first: str, second: str) -> None:
    selection = setting.propose()

    def answer(how: str) -> object:
        if how == "accept":
            return setting.accept(selection)
        return selection_decline(selection=selection, answered_by=setting.base_admin, reason="不合适", today=TODAY)

    answer(first)
    answered = Selection.objects.get(pk=selection.pk)
    with pytest.raises(ValidationError):
        answer(second)
    again = Selection.objects.get(pk=selection.pk)
    assert (again.status, again.decline_reason) == (answered.status, answered.decline_reason)
    assert Placement.objects.count() == (1 if first == "accept" else 0)


def test_declining_needs_a_reason(setting: Setting) -> None:
    selection = setting.propose()
    with pytest.raises(ValidationError) as error:
        selection_decline(selection=selection, answered_by=setting.base_admin, reason="  ", today=TODAY)
    assert "reason" in error.value.error_dict
    assert status_of(selection) == Selection.Status.PROPOSED
    declined = selection_decline(selection=selection, answered_by=setting.base_admin, reason=" 名额调整 ", today=TODAY)
    assert (declined.status, declined.decline_reason, declined.answered_on) == (
        Selection.Status.DECLINED,
        "名额调整",
        TODAY,
    )


def test_acceptance_on_the_mentors_last_appointed_day_is_fine(setting: Setting) -> None:
    placement = setting.accept(setting.propose(), today=APPOINTED_UNTIL)
    assert placement.cooperative_mentor == setting.mentor


def test_acceptance_with_a_lapsed_mentor_is_refused_and_creates_nothing(setting: Setting) -> None:
    selection = setting.propose()
    with pytest.raises(ValidationError) as error:
        setting.accept(selection, today=APPOINTED_UNTIL + DAY)
    assert str(APPOINTED_UNTIL) in " ".join(error.value.messages)
    assert not Placement.objects.exists()
    assert status_of(selection) == Selection.Status.PROPOSED
    assert Selection.objects.get(pk=selection.pk).answered_on is None


def test_acceptance_with_another_bases_mentor_is_refused(setting: Setting) -> None:
    stranger = factories.CooperativeMentorFactory()
    appointment_create(mentor=stranger, starts_on=D(2025, 9, 1), ends_on=APPOINTED_UNTIL, letter_number="聘-other")
    selection = setting.propose()
    with pytest.raises(ValidationError):
        selection_accept(selection=selection, answered_by=setting.base_admin, cooperative_mentor=stranger, today=TODAY)
    assert not Placement.objects.exists()
    assert status_of(selection) == Selection.Status.PROPOSED


def test_acceptance_without_a_mentor_places_the_student_for_a_mentor_later(setting: Setting) -> None:
    selection = setting.propose()
    placement = selection_accept(selection=selection, answered_by=setting.base_admin, today=TODAY)
    assert (placement.cooperative_mentor, placement.demand) == (None, setting.demand)
