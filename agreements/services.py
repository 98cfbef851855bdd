"""State changes of bases and agreements. Each is one function, called by every entry point."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Organisation, User
from base_portal import rules

from .models import Agreement, Party, TrainingBase

MANAGE_BASE_PERM = "agreements.manage_base"


@transaction.atomic
def base_create(
    *,
    name: str,
    enterprise: Organisation,
    university: Organisation,
    office_department: str = "",
    office_contact: str = "",
    office_phone: str = "",
    status: TrainingBase.Status = TrainingBase.Status.PLANNED,
) -> TrainingBase:
    """Register a base hosted by ``enterprise`` for ``university``."""
    if enterprise.kind != Organisation.Kind.ENTERPRISE:
        raise ValidationError(_("Party B of a base must be an enterprise."))
    if university.kind != Organisation.Kind.UNIVERSITY:
        raise ValidationError(_("Party A of a base must be a university."))
    base = TrainingBase(
        name=name,
        enterprise=enterprise,
        university=university,
        office_department=office_department,
        office_contact=office_contact,
        office_phone=office_phone,
        status=status,
    )
    base.full_clean()
    base.save()
    return base


@transaction.atomic
def base_grant_admin(*, base: TrainingBase, user: User) -> None:
    """Let ``user`` administer ``base``; only a member of the base's enterprise may."""
    if user.organisation_id != base.enterprise_id:
        raise ValidationError(_("Only staff of the base's own enterprise can administer it."))
    assign_perm(MANAGE_BASE_PERM, user, base)


@transaction.atomic
def base_revoke_admin(*, base: TrainingBase, user: User) -> None:
    """Withdraw ``user``'s administration of ``base``."""
    remove_perm(MANAGE_BASE_PERM, user, base)


@transaction.atomic
def agreement_create_draft(
    *,
    base: TrainingBase,
    min_students_per_year: int,
    insurance_party: Party = Party.B,
    party_a_representative: str = "",
    party_b_representative: str = "",
    copies: int = rules.DEFAULT_AGREEMENT_COPIES,
    remuneration_terms: str = "",
    supplementary_clauses: str = "",
    predecessor: Agreement | None = None,
) -> Agreement:
    """Start a draft agreement for ``base``; a renewal names the agreement it follows."""
    if predecessor is not None and predecessor.base_id != base.pk:
        raise ValidationError(_("A renewal must be for the same base as the agreement it renews."))
    agreement = Agreement(
        base=base,
        predecessor=predecessor,
        min_students_per_year=min_students_per_year,
        insurance_party=insurance_party,
        party_a_representative=party_a_representative,
        party_b_representative=party_b_representative,
        copies=copies,
        remuneration_terms=remuneration_terms,
        supplementary_clauses=supplementary_clauses,
    )
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_record_signature(*, agreement: Agreement, party: Party, signed_on: dt.date) -> Agreement:
    """Record one party's signature; with both, the agreement runs three years from the later date."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.effective_from is not None:
        raise ValidationError(_("Both parties have already signed this agreement."))
    if party == Party.A:
        agreement.party_a_signed_on = signed_on
    else:
        agreement.party_b_signed_on = signed_on
    if agreement.party_a_signed_on and agreement.party_b_signed_on:
        agreement.effective_from = max(agreement.party_a_signed_on, agreement.party_b_signed_on)
        agreement.ends_on = rules.agreement_last_day(agreement.effective_from)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, terminated_on: dt.date, reason: str) -> Agreement:
    """End an agreement before its last day, with the reason on record."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.terminated_on is not None:
        raise ValidationError(_("This agreement has already been terminated."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for terminating the agreement."))
    agreement.terminated_on = terminated_on
    agreement.termination_reason = reason
    agreement.full_clean()
    agreement.save()
    return agreement
