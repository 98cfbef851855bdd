"""The agreement lifecycle and base administration, at every boundary the agreement sets."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from accounts.roles import Role, roles_sync
from accounts.services import user_set_roles
from agreements.models import Agreement, EvaluationCycle, Party
from agreements.services import (
    agreement_attach_scan,
    agreement_create_draft,
    agreement_record_paper_signing,
    agreement_record_signature,
    agreement_renew,
    agreement_terminate,
    agreement_update_draft,
    base_create,
    base_grant_admin,
    base_revoke_admin,
)
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2031, 12, 31)  # "today" for services that refuse future dates: after every date used here
MUTUAL = Agreement.TerminationCause.MUTUAL


START = D(2027, 3, 1)


def signed(base: object = None, a: dt.date = START, b: dt.date | None = None, **draft: object) -> Agreement:
    agreement = agreement_create_draft(base=base or factories.BaseFactory(), min_students_per_year=3, **draft)
    agreement_record_signature(agreement=agreement, party=Party.B, signed_on=b or a, today=TODAY)
    return agreement_record_signature(agreement=agreement, party=Party.A, signed_on=a, today=TODAY)


# --- bases and their administrators -----------------------------------------------------------


def test_base_create_checks_the_parties() -> None:
    enterprise = factories.EnterpriseFactory()
    university = factories.UniversityFactory()
    with pytest.raises(ValidationError):
        base_create(name="反了", enterprise=university, university=enterprise)
    base = base_create(name="正常基地", enterprise=enterprise, university=university)
    assert base.enterprise == enterprise


def test_only_a_base_admin_of_the_enterprise_can_administer_its_base() -> None:
    roles_sync()
    base = factories.BaseFactory()
    stranger = factories.UserFactory(organisation=factories.EnterpriseFactory())
    user_set_roles(user=stranger, roles=[Role.BASE_ADMIN])
    with pytest.raises(ValidationError):
        base_grant_admin(base=base, user=stranger)
    own = factories.UserFactory(organisation=base.enterprise)
    with pytest.raises(ValidationError):  # right enterprise, but no base admin role yet
        base_grant_admin(base=base, user=own)
    user_set_roles(user=own, roles=[Role.BASE_ADMIN])
    base_grant_admin(base=base, user=own)
    assert own.has_perm("agreements.manage_base", base)
    assert not stranger.has_perm("agreements.manage_base", base)
    base_revoke_admin(base=base, user=own)
    own = type(own).objects.get(pk=own.pk)
    assert not own.has_perm("agreements.manage_base", base)


# --- signatures and the three-year term ---------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "start", "last"),
    [
        (D(2027, 3, 1), D(2027, 2, 20), D(2027, 3, 1), D(2030, 3, 1)),  # the later signature counts
        (D(2028, 2, 20), D(2028, 2, 29), D(2028, 2, 29), D(2031, 2, 28)),  # from 29 February
        (D(2028, 2, 28), D(2028, 2, 28), D(2028, 2, 28), D(2031, 2, 28)),
        (D(2028, 3, 1), D(2028, 3, 1), D(2028, 3, 1), D(2031, 3, 1)),
        (D(2027, 12, 31), D(2027, 12, 31), D(2027, 12, 31), D(2030, 12, 31)),
    ],
)
def test_term_runs_three_years_from_the_later_signature(a: dt.date, b: dt.date, start: dt.date, last: dt.date) -> None:
    agreement = signed(a=a, b=b)
    assert (agreement.effective_from, agreement.ends_on, agreement.in_force_until) == (start, last, last)
    assert agreement.ends_on_source == Agreement.EndSource.RULE
    assert agreement.status_on(start - dt.timedelta(days=1)) == Agreement.Status.SIGNED
    assert agreement.status_on(start) == Agreement.Status.IN_FORCE
    assert agreement.status_on(last) == Agreement.Status.IN_FORCE
    assert agreement.status_on(last + dt.timedelta(days=1)) == Agreement.Status.EXPIRED


def test_one_signature_leaves_a_draft() -> None:
    agreement = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=2)
    agreement = agreement_record_signature(agreement=agreement, party=Party.A, signed_on=D(2027, 1, 5), today=TODAY)
    assert agreement.effective_from is None
    assert agreement.status_on(D(2027, 6, 1)) == Agreement.Status.DRAFT
    assert not EvaluationCycle.objects.filter(agreement=agreement).exists()


def test_signatures_cannot_be_recorded_twice_or_in_the_future() -> None:
    agreement = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=2)
    with pytest.raises(ValidationError):
        agreement_record_signature(agreement=agreement, party=Party.A, signed_on=D(2027, 1, 2), today=D(2027, 1, 1))
    done = signed()
    with pytest.raises(ValidationError):
        agreement_record_signature(agreement=done, party=Party.A, signed_on=D(2027, 3, 2), today=TODAY)


def test_a_draft_can_change_but_a_signed_agreement_cannot() -> None:
    draft = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=2)
    draft = agreement_update_draft(agreement=draft, min_students_per_year=5, copies=6)
    assert (draft.min_students_per_year, draft.copies) == (5, 6)
    with pytest.raises(ValidationError):
        agreement_update_draft(agreement=signed(), min_students_per_year=9)


@pytest.mark.parametrize("copies", [0, 3])
def test_copies_may_not_drop_below_four(copies: int) -> None:
    with pytest.raises(ValidationError):
        agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=1, copies=copies)


def test_more_copies_and_minimum_students_are_kept() -> None:
    agreement = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=7, copies=6)
    assert (agreement.copies, agreement.min_students_per_year) == (6, 7)
    with pytest.raises(ValidationError):
        agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=0)


# --- signed outside the portal ------------------------------------------------------------------


def test_paper_signing_with_its_own_end_date_and_scan() -> None:
    draft = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=2)
    scan = SimpleUploadedFile("协议 扫描件.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    agreement = agreement_record_paper_signing(
        agreement=draft,
        party_a_signed_on=D(2027, 4, 10),
        party_b_signed_on=D(2027, 4, 2),
        ends_on_as_signed=D(2030, 3, 31),
        scan=scan,
        today=TODAY,
    )
    assert agreement.signed_outside_portal
    assert (agreement.effective_from, agreement.ends_on) == (D(2027, 4, 10), D(2030, 3, 31))
    assert agreement.ends_on_source == Agreement.EndSource.AS_SIGNED
    assert agreement.signed_scan.name.startswith("agreements/")
    assert agreement.signed_scan.name.endswith(".pdf")
    assert " " not in agreement.signed_scan.name


def test_paper_signing_without_an_end_date_uses_the_rule() -> None:
    draft = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=2)
    agreement = agreement_record_paper_signing(
        agreement=draft, party_a_signed_on=D(2028, 2, 29), party_b_signed_on=D(2028, 2, 1), today=TODAY
    )
    assert (agreement.ends_on, agreement.ends_on_source) == (D(2031, 2, 28), Agreement.EndSource.RULE)


def test_stated_end_date_must_follow_the_start() -> None:
    draft = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=2)
    with pytest.raises(ValidationError):
        agreement_record_paper_signing(
            agreement=draft,
            party_a_signed_on=D(2027, 4, 10),
            party_b_signed_on=D(2027, 4, 2),
            ends_on_as_signed=D(2027, 4, 10),
            today=TODAY,
        )
    draft.refresh_from_db()
    assert draft.party_a_signed_on is None  # nothing half-saved


def test_scan_can_be_attached_later_but_not_to_a_draft() -> None:
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(ValidationError):
        agreement_attach_scan(
            agreement=agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=1), scan=scan
        )
    assert agreement_attach_scan(agreement=signed(), scan=scan).signed_scan


@pytest.mark.parametrize("name", ["virus.exe", "page.html", "script.js"])
def test_scan_of_a_forbidden_type_is_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        agreement_attach_scan(agreement=signed(), scan=SimpleUploadedFile(name, b"MZ"))


# --- at most one agreement in force per base ----------------------------------------------------


def test_a_second_agreement_in_force_at_the_same_time_is_refused() -> None:
    first = signed(a=D(2027, 3, 1))
    second = agreement_create_draft(base=first.base, min_students_per_year=2)
    agreement_record_signature(agreement=second, party=Party.B, signed_on=D(2028, 5, 1), today=TODAY)
    with pytest.raises(ValidationError):
        agreement_record_signature(agreement=second, party=Party.A, signed_on=D(2028, 5, 1), today=TODAY)
    second.refresh_from_db()
    assert second.party_a_signed_on is None


def test_a_new_agreement_may_start_the_day_after_the_old_one_ends() -> None:
    first = signed(a=D(2027, 3, 1))
    second = signed(base=first.base, a=D(2030, 3, 2))
    assert second.status_on(D(2030, 3, 2)) == Agreement.Status.IN_FORCE
    assert first.status_on(D(2030, 3, 2)) == Agreement.Status.EXPIRED


@pytest.mark.postgres
def test_the_database_refuses_overlapping_agreements_even_past_the_service() -> None:
    first = signed(a=D(2027, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            base=first.base,
            min_students_per_year=1,
            party_a_signed_on=D(2028, 1, 1),
            party_b_signed_on=D(2028, 1, 1),
            effective_from=D(2028, 1, 1),
            ends_on=D(2031, 1, 1),
            in_force_until=D(2031, 1, 1),
        )


# --- renewal -------------------------------------------------------------------------------------


def test_renewal_is_a_new_linked_agreement_taking_over_the_day_after() -> None:
    old = signed(a=D(2027, 3, 1), remuneration_terms="按学期结算", copies=6)
    renewal = agreement_renew(agreement=old)
    assert renewal.pk != old.pk
    assert renewal.predecessor == old
    assert (renewal.remuneration_terms, renewal.copies) == ("按学期结算", 6)
    # Signed three months before the old term ends: it takes over when the old one ends.
    agreement_record_signature(agreement=renewal, party=Party.A, signed_on=D(2029, 12, 1), today=TODAY)
    renewal = agreement_record_signature(agreement=renewal, party=Party.B, signed_on=D(2029, 12, 5), today=TODAY)
    assert renewal.effective_from == D(2030, 3, 2)
    assert renewal.ends_on == D(2033, 3, 2)
    old.refresh_from_db()
    assert old.ends_on == D(2030, 3, 1)  # never extended


def test_renewal_only_once_and_only_of_a_signed_agreement() -> None:
    draft = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=1)
    with pytest.raises(ValidationError):
        agreement_renew(agreement=draft)
    old = signed()
    agreement_renew(agreement=old)
    with pytest.raises(ValidationError):
        agreement_renew(agreement=old)
    with pytest.raises(ValidationError):
        agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=1, predecessor=old)


# --- early termination ----------------------------------------------------------------------------


def test_termination_records_cause_and_party_and_cancels_later_evaluations() -> None:
    agreement = signed(a=D(2027, 3, 1))
    assert EvaluationCycle.objects.filter(agreement=agreement).count() == 1
    agreement = agreement_terminate(
        agreement=agreement,
        terminated_on=D(2028, 6, 1),
        cause=Agreement.TerminationCause.BREACH,
        terminated_by=Party.A,
        reason="乙方未按约定提供实践条件",
    )
    assert agreement.in_force_until == D(2028, 5, 31)
    assert agreement.status_on(D(2028, 5, 31)) == Agreement.Status.IN_FORCE
    assert agreement.status_on(D(2028, 6, 1)) == Agreement.Status.TERMINATED
    assert (agreement.termination_cause, agreement.terminated_by) == ("breach", "A")
    assert EvaluationCycle.objects.get(agreement=agreement).state == EvaluationCycle.State.CANCELLED


def test_a_terminated_base_can_take_a_new_agreement_from_the_termination_day() -> None:
    old = agreement_terminate(
        agreement=signed(a=D(2027, 3, 1)),
        terminated_on=D(2028, 6, 1),
        cause=MUTUAL,
        terminated_by=Party.B,
        reason="协商一致",
    )
    new = signed(base=old.base, a=D(2028, 6, 1))
    assert new.status_on(D(2028, 6, 1)) == Agreement.Status.IN_FORCE


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2027, 2, 28), "协商一致"),  # before it was signed
        (D(2030, 3, 2), "协商一致"),  # after its last day: nothing to end
        (D(2028, 1, 1), "   "),  # no reason
    ],
)
def test_termination_is_refused_when_it_makes_no_sense(day: dt.date, reason: str) -> None:
    agreement = signed(a=D(2027, 3, 1))
    with pytest.raises(ValidationError):
        agreement_terminate(agreement=agreement, terminated_on=day, cause=MUTUAL, terminated_by=Party.A, reason=reason)
    agreement.refresh_from_db()
    assert agreement.terminated_on is None


def test_termination_happens_once_and_never_to_a_draft() -> None:
    agreement = agreement_terminate(
        agreement=signed(), terminated_on=D(2028, 1, 1), cause=MUTUAL, terminated_by=Party.A, reason="协商"
    )
    with pytest.raises(ValidationError):
        agreement_terminate(
            agreement=agreement, terminated_on=D(2028, 2, 1), cause=MUTUAL, terminated_by=Party.A, reason="再次"
        )
    draft = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=1)
    with pytest.raises(ValidationError):
        agreement_terminate(
            agreement=draft, terminated_on=D(2028, 2, 1), cause=MUTUAL, terminated_by=Party.A, reason="草稿"
        )


def test_queryset_reads_follow_the_dates() -> None:
    agreement = signed(a=D(2027, 3, 1))
    assert Agreement.objects.in_force_on(D(2030, 3, 1)).filter(pk=agreement.pk).exists()
    assert not Agreement.objects.in_force_on(D(2030, 3, 2)).filter(pk=agreement.pk).exists()
    assert Agreement.objects.ending_within(D(2030, 1, 30), 30).filter(pk=agreement.pk).exists()  # last day = +30
    assert not Agreement.objects.ending_within(D(2030, 1, 29), 30).filter(pk=agreement.pk).exists()
