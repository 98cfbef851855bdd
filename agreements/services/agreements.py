"""The agreement lifecycle: draft, signatures, in force for three years, expiry, termination, renewal."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementTemplate, Party, TrainingBase
from base_portal import rules

from .evaluations import evaluation_cancel_from, evaluation_schedule

ONE_DAY = dt.timedelta(days=1)


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _refuse_future(day: dt.date, today: dt.date) -> None:
    if day > today:
        raise ValidationError(_("A signature date cannot be later than today (%(today)s).") % {"today": today})


def _check_no_overlap(agreement: Agreement) -> None:
    """At most one agreement of a base in force on any day (PostgreSQL also enforces this)."""
    if agreement.effective_from is None or agreement.in_force_until is None:
        return
    if agreement.in_force_until < agreement.effective_from:
        return  # terminated before it ever came into force
    clash = (
        Agreement.objects.filter(
            base_id=agreement.base_id,
            effective_from__lte=agreement.in_force_until,
            in_force_until__gte=agreement.effective_from,
        )
        .exclude(pk=agreement.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("The base already has an agreement in force over part of this period (%(other)s).") % {"other": clash}
        )


@transaction.atomic
def agreement_create_draft(
    *,
    base: TrainingBase,
    min_students_per_year: int,
    template: AgreementTemplate | None = None,
    insurance_party: Party = Party.B,
    party_a_representative: str = "",
    party_b_representative: str = "",
    copies: int = rules.DEFAULT_AGREEMENT_COPIES,
    remuneration_terms: str = "",
    supplementary_clauses: str = "",
    predecessor: Agreement | None = None,
) -> Agreement:
    """Start a draft agreement for ``base``; a renewal names the agreement it follows."""
    if predecessor is not None:
        if predecessor.base_id != base.pk:
            raise ValidationError(_("A renewal must be for the same base as the agreement it renews."))
        if not predecessor.is_signed:
            raise ValidationError(_("Only a signed agreement can be renewed; finish signing it instead."))
        if Agreement.objects.filter(predecessor=predecessor).exists():
            raise ValidationError(_("This agreement already has a renewal."))
    agreement = Agreement(
        base=base,
        template=template,
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
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError as exc:  # a renewal drafted at the same moment by someone else
        raise ValidationError(_("This agreement already has a renewal.")) from exc
    return agreement


@transaction.atomic
def agreement_update_draft(*, agreement: Agreement, **fields: object) -> Agreement:
    """Change the blanks of a draft; once both parties have signed, the text is fixed."""
    agreement = _locked(agreement)
    if agreement.is_signed:
        raise ValidationError(_("A signed agreement cannot be changed; agree a supplementary clause or a new one."))
    editable = {
        "template",
        "min_students_per_year",
        "insurance_party",
        "party_a_representative",
        "party_b_representative",
        "copies",
        "remuneration_terms",
        "supplementary_clauses",
    }
    unknown = set(fields) - editable
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    return agreement


def _save_in_force(agreement: Agreement) -> None:
    """Save a newly signed agreement. A concurrent signing that the check above could not see is
    refused by PostgreSQL's exclusion constraint; the user gets the same message either way."""
    agreement.full_clean()
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError as exc:
        raise ValidationError(_("The base already has an agreement in force over part of this period.")) from exc


def _bring_into_force(agreement: Agreement, ends_on_as_signed: dt.date | None) -> None:
    """Both parties have signed: fix the term, check it against the base's other agreements."""
    signed_a, signed_b = agreement.party_a_signed_on, agreement.party_b_signed_on
    if signed_a is None or signed_b is None:
        raise ValueError("both signatures are needed to bring an agreement into force")
    start = max(signed_a, signed_b)
    predecessor = agreement.predecessor
    if predecessor is not None and predecessor.in_force_until is not None:
        # A renewal signed before the old term ends takes over the day after it.
        start = max(start, predecessor.in_force_until + ONE_DAY)
    agreement.effective_from = start
    if ends_on_as_signed is not None:
        if ends_on_as_signed <= start:
            raise ValidationError(
                _("The last day stated on the signed copy must be after %(start)s.") % {"start": start}
            )
        agreement.ends_on = ends_on_as_signed
        agreement.ends_on_source = Agreement.EndSource.AS_SIGNED
    else:
        agreement.ends_on = rules.agreement_last_day(start)
        agreement.ends_on_source = Agreement.EndSource.RULE
    agreement.in_force_until = agreement.ends_on
    _check_no_overlap(agreement)


@transaction.atomic
def agreement_record_signature(
    *, agreement: Agreement, party: Party, signed_on: dt.date, today: dt.date | None = None
) -> Agreement:
    """Record one party's signature; with both, the agreement runs three years from the later date."""
    agreement = _locked(agreement)
    _refuse_future(signed_on, today or timezone.localdate())
    if agreement.is_signed:
        raise ValidationError(_("Both parties have already signed this agreement."))
    if party == Party.A:
        agreement.party_a_signed_on = signed_on
    else:
        agreement.party_b_signed_on = signed_on
    if agreement.party_a_signed_on and agreement.party_b_signed_on:
        _bring_into_force(agreement, ends_on_as_signed=None)
    _save_in_force(agreement)
    if agreement.is_signed:
        evaluation_schedule(agreement=agreement)
    return agreement


@transaction.atomic
def agreement_record_paper_signing(
    *,
    agreement: Agreement,
    party_a_signed_on: dt.date,
    party_b_signed_on: dt.date,
    ends_on_as_signed: dt.date | None = None,
    scan: UploadedFile | None = None,
    today: dt.date | None = None,
) -> Agreement:
    """Record an agreement signed on paper: both dates at once, the scan, and the end date if it states one."""
    agreement = _locked(agreement)
    today = today or timezone.localdate()
    if agreement.is_signed:
        raise ValidationError(_("Both parties have already signed this agreement."))
    _refuse_future(party_a_signed_on, today)
    _refuse_future(party_b_signed_on, today)
    agreement.party_a_signed_on = party_a_signed_on
    agreement.party_b_signed_on = party_b_signed_on
    agreement.signed_outside_portal = True
    if scan is not None:
        agreement.signed_scan = scan
    _bring_into_force(agreement, ends_on_as_signed=ends_on_as_signed)
    _save_in_force(agreement)
    evaluation_schedule(agreement=agreement)
    return agreement


@transaction.atomic
def agreement_attach_scan(*, agreement: Agreement, scan: UploadedFile) -> Agreement:
    """Attach (or replace) the scan of the signed copy; the previous file stays in the history."""
    agreement = _locked(agreement)
    if not agreement.is_signed:
        raise ValidationError(_("Record both signatures before attaching the signed copy."))
    agreement.signed_scan = scan
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_terminate(
    *,
    agreement: Agreement,
    terminated_on: dt.date,
    cause: Agreement.TerminationCause,
    terminated_by: Party,
    reason: str,
) -> Agreement:
    """End a signed agreement early, with effect from ``terminated_on``, recording who and why."""
    agreement = _locked(agreement)
    if not agreement.is_signed or agreement.ends_on is None:
        raise ValidationError(_("A draft is not in force, so there is nothing to terminate."))
    if agreement.terminated_on is not None:
        raise ValidationError(_("This agreement has already been terminated."))
    if not reason.strip():
        raise ValidationError(_("Describe the reason for terminating the agreement."))
    signed = max(agreement.party_a_signed_on or terminated_on, agreement.party_b_signed_on or terminated_on)
    if terminated_on < signed:
        raise ValidationError(_("Termination cannot take effect before the agreement was signed."))
    if terminated_on > agreement.ends_on:
        raise ValidationError(
            _("The agreement ends on %(end)s anyway; termination after that has no effect.")
            % {"end": agreement.ends_on}
        )
    agreement.terminated_on = terminated_on
    agreement.termination_cause = cause
    agreement.terminated_by = terminated_by
    agreement.termination_reason = reason.strip()
    agreement.in_force_until = terminated_on - ONE_DAY
    agreement.full_clean()
    agreement.save()
    evaluation_cancel_from(agreement=agreement, day=terminated_on)
    return agreement


@transaction.atomic
def agreement_renew(*, agreement: Agreement, template: AgreementTemplate | None = None) -> Agreement:
    """Start the renewal of ``agreement``: a new draft for the same base, its blanks copied over."""
    return agreement_create_draft(
        base=agreement.base,
        predecessor=agreement,
        template=template or agreement.template,
        min_students_per_year=agreement.min_students_per_year,
        insurance_party=Party(agreement.insurance_party),
        party_a_representative=agreement.party_a_representative,
        party_b_representative=agreement.party_b_representative,
        copies=agreement.copies,
        remuneration_terms=agreement.remuneration_terms,
        supplementary_clauses=agreement.supplementary_clauses,
    )
