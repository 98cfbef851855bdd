"""Services of bases and agreements laid down by the foundation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement, Party
from agreements.services import (
    agreement_create_draft,
    agreement_record_signature,
    agreement_terminate,
    base_create,
    base_grant_admin,
)
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date


def test_base_create_checks_the_parties() -> None:
    enterprise = factories.EnterpriseFactory()
    university = factories.UniversityFactory()
    with pytest.raises(ValidationError):
        base_create(name="反了", enterprise=university, university=enterprise)
    base = base_create(name="正常基地", enterprise=enterprise, university=university)
    assert base.enterprise == enterprise


def test_only_the_enterprises_own_staff_can_administer_its_base() -> None:
    base = factories.BaseFactory()
    stranger = factories.UserFactory(organisation=factories.EnterpriseFactory())
    with pytest.raises(ValidationError):
        base_grant_admin(base=base, user=stranger)
    own = factories.UserFactory(organisation=base.enterprise)
    base_grant_admin(base=base, user=own)
    assert own.has_perm("agreements.manage_base", base)
    assert not stranger.has_perm("agreements.manage_base", base)


def test_agreement_runs_three_years_from_the_later_signature() -> None:
    agreement = agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=3)
    assert agreement.status_on(D(2028, 1, 1)) == Agreement.Status.DRAFT
    agreement_record_signature(agreement=agreement, party=Party.B, signed_on=D(2028, 2, 20))
    agreement = agreement_record_signature(agreement=agreement, party=Party.A, signed_on=D(2028, 2, 29))
    assert agreement.effective_from == D(2028, 2, 29)
    assert agreement.ends_on == D(2031, 2, 28)
    assert agreement.status_on(D(2028, 2, 28)) == Agreement.Status.SIGNED
    assert agreement.status_on(D(2028, 2, 29)) == Agreement.Status.IN_FORCE
    assert agreement.status_on(D(2031, 2, 28)) == Agreement.Status.IN_FORCE
    assert agreement.status_on(D(2031, 3, 1)) == Agreement.Status.EXPIRED
    with pytest.raises(ValidationError):
        agreement_record_signature(agreement=agreement, party=Party.A, signed_on=D(2028, 3, 1))


def test_copies_may_not_drop_below_four() -> None:
    with pytest.raises(ValidationError):
        agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=1, copies=3)
    assert agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=1, copies=6).copies == 6


def test_renewal_links_to_its_predecessor_on_the_same_base() -> None:
    old = factories.AgreementFactory()
    with pytest.raises(ValidationError):
        agreement_create_draft(base=factories.BaseFactory(), min_students_per_year=1, predecessor=old)
    new = agreement_create_draft(base=old.base, min_students_per_year=1, predecessor=old)
    assert old.renewal == new


def test_termination_needs_a_reason_and_happens_once() -> None:
    agreement = factories.AgreementFactory()
    with pytest.raises(ValidationError):
        agreement_terminate(agreement=agreement, terminated_on=D(2027, 1, 1), reason="  ")
    agreement = agreement_terminate(agreement=agreement, terminated_on=D(2027, 1, 1), reason="双方协商一致")
    assert agreement.status_on(D(2027, 1, 1)) == Agreement.Status.TERMINATED
    assert agreement.status_on(D(2026, 12, 31)) == Agreement.Status.IN_FORCE
    with pytest.raises(ValidationError):
        agreement_terminate(agreement=agreement, terminated_on=D(2027, 2, 1), reason="再次")
