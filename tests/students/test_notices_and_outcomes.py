"""Notices ending practice early or late (a calendar month ahead), illness, the daily run, appraisal and IP."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Party
from base_portal.choices import FourLevelGrade
from students.models import Award, DisclosureRequest, Placement, PracticeAppraisal, PracticeNotice
from students.services import (
    appraisal_issue,
    award_record,
    disclosure_decide,
    disclosure_request,
    notice_acknowledge,
    notice_file,
    notices_apply_due,
    practice_finish,
)
from tests import factories
from tests.students.test_stages import END, in_practice, insure, messages_of, world

pytestmark = pytest.mark.django_db
D = dt.date
DAY = dt.timedelta(days=1)
Kind = PracticeNotice.Kind
Stage = Placement.Stage


def file(
    placement: Placement, kind: Kind, notice_date: dt.date, new_end: dt.date | None, reason: str = "项目调整"
) -> PracticeNotice:
    return notice_file(
        placement=placement,
        kind=kind,
        filed_by=Party.B,
        notice_date=notice_date,
        new_end=new_end,
        reason=reason,
        filed_by_user=factories.UserFactory(),
    )


def fresh(placement: Placement) -> Placement:
    return Placement.objects.get(pk=placement.pk)


# --- one calendar month's notice ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "notice_date", "earliest"),
    [
        (D(2026, 12, 1), D(2027, 11, 30), D(2027, 1, 31), D(2027, 2, 28)),  # February has no 31st
        (D(2027, 9, 1), D(2028, 8, 31), D(2028, 1, 31), D(2028, 2, 29)),  # ... nor a 30th or 31st in 2028
        (D(2026, 12, 1), D(2027, 11, 30), D(2027, 3, 31), D(2027, 4, 30)),
        (D(2026, 12, 1), D(2027, 11, 30), D(2027, 2, 28), D(2027, 3, 28)),  # the same day, not the month's end
        (D(2027, 9, 1), D(2028, 8, 31), D(2028, 2, 29), D(2028, 3, 29)),
    ],
)
def test_an_early_end_needs_one_calendar_months_notice(
    start: dt.date, end: dt.date, notice_date: dt.date, earliest: dt.date
) -> None:
    placement = in_practice(start, end)
    with pytest.raises(ValidationError) as error:
        file(placement, Kind.END_EARLY, notice_date, earliest - DAY)
    assert "new_end" in error.value.error_dict
    assert str(earliest) in messages_of(error)
    assert not PracticeNotice.objects.exists()
    notice = file(placement, Kind.END_EARLY, notice_date, earliest)
    assert (notice.new_end, notice.previous_end, notice.applied_on) == (earliest, end, None)
    after = fresh(placement)
    assert (after.stage, after.practice_end) == (Stage.PRACTICE, end)  # nothing changes until the day comes


def test_an_early_end_must_come_before_the_current_end() -> None:
    placement = in_practice()
    with pytest.raises(ValidationError) as error:
        file(placement, Kind.END_EARLY, D(2027, 5, 1), END)
    assert str(END) in messages_of(error)
    assert file(placement, Kind.END_EARLY, D(2027, 5, 1), END - DAY).new_end == END - DAY


def test_an_extension_must_come_after_the_current_end_and_be_insured() -> None:
    placement = in_practice()  # insured exactly to END, 2027-07-31
    with pytest.raises(ValidationError) as error:
        file(placement, Kind.EXTEND, D(2027, 5, 1), END)
    assert str(END) in messages_of(error)
    with pytest.raises(ValidationError) as error:
        file(placement, Kind.EXTEND, D(2027, 5, 1), D(2027, 9, 30))
    assert "new_end" in error.value.error_dict
    assert str(END + DAY) in messages_of(error)  # the first day without cover
    assert not PracticeNotice.objects.exists()
    insure(placement, END + DAY, D(2027, 9, 30))
    notice = file(placement, Kind.EXTEND, D(2027, 5, 1), D(2027, 9, 30))
    assert (notice.previous_end, notice.new_end) == (END, D(2027, 9, 30))


def test_an_extension_also_needs_one_months_notice() -> None:
    placement = in_practice()
    insure(placement, END + DAY, D(2027, 12, 31))
    with pytest.raises(ValidationError) as error:
        file(placement, Kind.EXTEND, D(2027, 7, 15), D(2027, 8, 14))
    assert "2027-08-15" in messages_of(error)
    assert file(placement, Kind.EXTEND, D(2027, 7, 15), D(2027, 8, 15)).new_end == D(2027, 8, 15)


def test_a_notice_needs_a_reason_and_a_new_end() -> None:
    placement = in_practice()
    with pytest.raises(ValidationError) as error:
        file(placement, Kind.END_EARLY, D(2027, 4, 1), D(2027, 5, 31), reason="  ")
    assert "reason" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        file(placement, Kind.END_EARLY, D(2027, 4, 1), None)
    assert "new_end" in error.value.error_dict
    assert not PracticeNotice.objects.exists()


def test_a_notice_is_filed_only_during_practice() -> None:
    with pytest.raises(ValidationError):
        file(world(), Kind.END_EARLY, D(2027, 4, 1), D(2027, 5, 31))
    assert not PracticeNotice.objects.exists()


# --- illness ------------------------------------------------------------------------------------


@pytest.mark.parametrize("new_end", [None, D(2027, 4, 1), D(2027, 12, 31)], ids=["none", "earlier", "later"])
def test_illness_ends_practice_at_once(new_end: dt.date | None) -> None:
    placement = in_practice()
    sick_on = D(2027, 4, 10)
    notice = file(placement, Kind.ILLNESS, sick_on, new_end, reason="住院治疗")
    assert (notice.new_end, notice.previous_end, notice.applied_on) == (sick_on, END, sick_on)
    after = fresh(placement)
    assert (after.stage, after.practice_end) == (Stage.THESIS, sick_on)
    assert after.practice_ended_early_for
    assert notices_apply_due(today=D(2028, 1, 1)) == 0  # nothing left for the daily run
    assert fresh(placement).practice_end == sick_on


# --- acknowledging ------------------------------------------------------------------------------


def test_a_notice_is_acknowledged_once() -> None:
    notice = file(in_practice(), Kind.END_EARLY, D(2027, 4, 1), D(2027, 5, 31))
    university = factories.UserFactory()
    acknowledged = notice_acknowledge(notice=notice, acknowledged_by=university, on=D(2027, 4, 3))
    assert (acknowledged.acknowledged_on, acknowledged.acknowledged_by) == (D(2027, 4, 3), university)
    with pytest.raises(ValidationError):
        notice_acknowledge(notice=notice, acknowledged_by=factories.UserFactory(), on=D(2027, 4, 5))
    notice.refresh_from_db()
    assert (notice.acknowledged_on, notice.acknowledged_by) == (D(2027, 4, 3), university)


# --- the daily run ------------------------------------------------------------------------------


def test_an_early_end_takes_effect_on_its_new_end_date() -> None:
    placement = in_practice()
    notice = file(placement, Kind.END_EARLY, D(2027, 4, 1), D(2027, 5, 31), reason="项目提前验收")
    assert notices_apply_due(today=D(2027, 5, 30)) == 0  # the day before
    assert fresh(placement).stage == Stage.PRACTICE
    assert notices_apply_due(today=D(2027, 5, 31)) == 1
    after = fresh(placement)
    assert (after.stage, after.practice_end, after.practice_ended_early_for) == (
        Stage.THESIS,
        D(2027, 5, 31),
        "项目提前验收",
    )
    notice.refresh_from_db()
    assert notice.applied_on == D(2027, 5, 31)
    assert notices_apply_due(today=D(2027, 5, 31)) == 0  # a second run applies nothing twice
    assert notices_apply_due(today=D(2027, 6, 30)) == 0
    notice.refresh_from_db()
    assert notice.applied_on == D(2027, 5, 31)


def test_a_missed_day_still_ends_practice_on_the_notices_date() -> None:
    placement = in_practice()
    file(placement, Kind.END_EARLY, D(2027, 4, 1), D(2027, 5, 31))
    assert notices_apply_due(today=D(2027, 6, 3)) == 1
    assert fresh(placement).practice_end == D(2027, 5, 31)


def test_an_extension_takes_effect_on_the_old_end_date() -> None:
    placement = in_practice()
    insure(placement, END + DAY, D(2027, 9, 30))
    notice = file(placement, Kind.EXTEND, D(2027, 5, 1), D(2027, 9, 30))
    assert notices_apply_due(today=END - DAY) == 0
    assert fresh(placement).practice_end == END
    assert notices_apply_due(today=END) == 1
    after = fresh(placement)
    assert (after.stage, after.practice_end) == (Stage.PRACTICE, D(2027, 9, 30))
    notice.refresh_from_db()
    assert notice.applied_on == END
    assert notices_apply_due(today=END) == 0
    assert notices_apply_due(today=D(2027, 9, 30)) == 0
    assert fresh(placement).practice_end == D(2027, 9, 30)


def test_the_daily_run_applies_only_what_is_due_across_placements() -> None:
    early, late = in_practice(), in_practice()
    insure(late, END + DAY, D(2027, 9, 30))
    file(early, Kind.END_EARLY, D(2027, 4, 1), D(2027, 5, 31))
    file(late, Kind.EXTEND, D(2027, 5, 1), D(2027, 9, 30))
    assert notices_apply_due(today=D(2027, 6, 1)) == 1
    assert notices_apply_due(today=END) == 1
    assert (fresh(early).stage, fresh(late).practice_end) == (Stage.THESIS, D(2027, 9, 30))


def test_a_pending_extension_does_not_move_the_end_of_practice_ended_by_illness() -> None:
    placement = in_practice()
    insure(placement, END + DAY, D(2027, 9, 30))
    file(placement, Kind.EXTEND, D(2027, 5, 1), D(2027, 9, 30))
    file(placement, Kind.ILLNESS, D(2027, 6, 10), None, reason="住院治疗")
    notices_apply_due(today=END)
    after = fresh(placement)
    assert (after.stage, after.practice_end) == (Stage.THESIS, D(2027, 6, 10))


def test_an_early_end_before_the_practice_started_is_refused_when_filed() -> None:
    placement = in_practice()  # started 2027-02-01
    with pytest.raises(ValidationError):
        file(placement, Kind.END_EARLY, D(2026, 12, 15), D(2027, 1, 20))


def test_one_impossible_notice_does_not_block_the_daily_run() -> None:
    stuck, other = in_practice(), in_practice()
    # notice_file accepts this today (see above): an early end that precedes the start of practice.
    PracticeNotice.objects.create(
        placement=stuck,
        kind=Kind.END_EARLY,
        filed_by=Party.B,
        notice_date=D(2026, 12, 15),
        new_end=D(2027, 1, 20),
        previous_end=END,
        reason="日期有误",
    )
    file(other, Kind.END_EARLY, D(2027, 4, 1), D(2027, 5, 31))
    notices_apply_due(today=D(2027, 5, 31))
    assert fresh(other).stage == Stage.THESIS


# --- the practice appraisal ---------------------------------------------------------------------


def appraise(placement: Placement, issued_on: dt.date, comments: str = "工作认真，成果突出") -> PracticeAppraisal:
    return appraisal_issue(
        placement=placement,
        grade=FourLevelGrade.EXCELLENT,
        comments=comments,
        issued_by=factories.UserFactory(),
        issued_on=issued_on,
    )


def test_no_appraisal_before_practice_has_started() -> None:
    with pytest.raises(ValidationError):
        appraise(world(), END)
    assert not PracticeAppraisal.objects.exists()


def test_the_appraisal_waits_for_the_end_of_practice() -> None:
    placement = in_practice()
    with pytest.raises(ValidationError) as error:
        appraise(placement, END - DAY)
    assert str(END) in messages_of(error)
    assert not PracticeAppraisal.objects.exists()
    appraisal = appraise(placement, END)  # on the last day of practice
    assert (appraisal.issued_on, appraisal.grade) == (END, FourLevelGrade.EXCELLENT)


def test_after_an_early_finish_the_appraisal_is_issued_at_once() -> None:
    placement = practice_finish(placement=in_practice(), ended_on=D(2027, 5, 31), ended_early_for="提前终止通知")
    assert appraise(placement, D(2027, 5, 31)).placement == placement


def test_the_appraisal_is_issued_once() -> None:
    placement = in_practice()
    appraise(placement, END, "第一次")
    with pytest.raises(ValidationError):
        appraise(placement, END + DAY, "第二次")
    assert PracticeAppraisal.objects.get(placement=placement).comments == "第一次"


def test_the_appraisal_needs_comments() -> None:
    placement = in_practice()
    with pytest.raises(ValidationError) as error:
        appraise(placement, END, "   ")
    assert "comments" in error.value.error_dict
    assert not PracticeAppraisal.objects.exists()


def test_an_award_is_recorded() -> None:
    award = award_record(placement=in_practice(), kind=Award.Kind.AWARD, title=" 优秀实践生 ", awarded_on=END)
    assert award.title == "优秀实践生"


# --- disclosure of project content --------------------------------------------------------------

TODAY = D(2027, 6, 1)
PLANNED = D(2027, 9, 15)


def ask(placement: Placement | None = None, planned_on: dt.date = PLANNED) -> DisclosureRequest:
    return disclosure_request(
        placement=placement or in_practice(),
        kind=DisclosureRequest.Kind.PAPER,
        title="综采面巡检机器人",
        summary="路径规划算法",
        planned_on=planned_on,
        requested_by=factories.UserFactory(),
        today=TODAY,
    )


def decide(request: DisclosureRequest, on: dt.date, *, approve: bool, reason: str = "") -> DisclosureRequest:
    return disclosure_decide(
        request=request, approve=approve, decided_by=factories.UserFactory(), decided_on=on, reason=reason
    )


def test_approval_is_asked_before_the_disclosure() -> None:
    placement = in_practice()
    with pytest.raises(ValidationError) as error:
        ask(placement, planned_on=TODAY - DAY)
    assert "planned_on" in error.value.error_dict
    assert not DisclosureRequest.objects.exists()
    assert ask(placement, planned_on=TODAY).decision == DisclosureRequest.Decision.PENDING  # today is not past


def test_the_decision_comes_no_later_than_the_planned_date() -> None:
    request = ask()
    with pytest.raises(ValidationError) as error:
        decide(request, PLANNED + DAY, approve=True)
    assert str(PLANNED) in messages_of(error)
    request.refresh_from_db()
    assert request.decision == DisclosureRequest.Decision.PENDING
    assert decide(request, PLANNED, approve=True).decision == DisclosureRequest.Decision.APPROVED


def test_a_refusal_needs_a_reason() -> None:
    request = ask()
    with pytest.raises(ValidationError) as error:
        decide(request, TODAY, approve=False, reason=" ")
    assert "reason" in error.value.error_dict
    request.refresh_from_db()
    assert request.decision == DisclosureRequest.Decision.PENDING
    refused = decide(request, TODAY, approve=False, reason=" 涉及未公开工艺参数 ")
    assert (refused.decision, refused.decision_reason) == (DisclosureRequest.Decision.REFUSED, "涉及未公开工艺参数")


def test_an_approval_is_recorded() -> None:
    request = ask()
    approved = decide(request, TODAY, approve=True)
    assert (approved.decision, approved.decided_on, approved.decision_reason) == (
        DisclosureRequest.Decision.APPROVED,
        TODAY,
        "",
    )
    assert approved.decided_by is not None


@pytest.mark.parametrize("first_approve", [True, False], ids=["approved", "refused"])
def test_a_request_is_decided_once(first_approve: bool) -> None:
    request = ask()
    decide(request, TODAY, approve=first_approve, reason="理由")
    with pytest.raises(ValidationError):
        decide(request, TODAY + DAY, approve=not first_approve, reason="改主意")
    request.refresh_from_db()
    assert (request.decided_on, request.decision_reason) == (TODAY, "理由")
    assert request.decision == (
        DisclosureRequest.Decision.APPROVED if first_approve else DisclosureRequest.Decision.REFUSED
    )


def test_run_due_jobs_command_applies_due_notices_once() -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("run_due_jobs", stdout=out)
    assert "practice notice" in out.getvalue()
    call_command("run_due_jobs", stdout=out)  # a second run the same day is harmless


def test_ending_practice_before_its_end_without_a_notice_is_refused() -> None:
    placement = in_practice()
    with pytest.raises(ValidationError) as error:
        practice_finish(placement=placement, ended_on=END - DAY)
    assert "notice" in str(error.value) or "通知" in str(error.value)
    assert fresh(placement).stage == Stage.PRACTICE
    assert practice_finish(placement=placement, ended_on=END).stage == Stage.THESIS
