"""Forms of the base and agreement pages. They validate input; the services decide and save."""

from decimal import Decimal

from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import Role
from base_portal import rules
from base_portal.files import DOCUMENT_VALIDATORS
from base_portal.forms import DateInput

from .models import (
    Agreement,
    AgreementTemplate,
    CommitteeMember,
    EvaluationCycle,
    ExchangeActivity,
    InnovationActivity,
    InnovationFund,
    Party,
    TrainingBase,
)


class BaseForm(forms.Form):
    """A base's name, office and status."""

    name = forms.CharField(label=_("Base name"), max_length=200)
    office_department = forms.CharField(
        label=_("Office attached to"),
        max_length=100,
        required=False,
        help_text=_("For example, the innovation management office."),
    )
    office_contact = forms.CharField(label=_("Office contact"), max_length=100, required=False)
    office_phone = forms.CharField(label=_("Office phone"), max_length=30, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=TrainingBase.Status.choices)


class BaseCreateForm(BaseForm):
    """A new base: its enterprise and university come first."""

    enterprise = forms.ModelChoiceField(
        label=_("Enterprise (Party B)"), queryset=Organisation.objects.filter(kind=Organisation.Kind.ENTERPRISE)
    )
    university = forms.ModelChoiceField(
        label=_("University (Party A)"), queryset=Organisation.objects.filter(kind=Organisation.Kind.UNIVERSITY)
    )
    field_order = ["enterprise", "university", "name"]


class GrantAdminForm(forms.Form):
    """Choose a base administrator of the base's own enterprise."""

    user = forms.ModelChoiceField(label=_("Base administrator"), queryset=User.objects.none())

    def __init__(self, *args: object, base: TrainingBase, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation=base.enterprise, groups__name=Role.BASE_ADMIN, is_active=True
        ).order_by("full_name")
        self.fields["user"].help_text = _("Only staff of %(enterprise)s with the base administrator role.") % {
            "enterprise": base.enterprise
        }


def latest_templates() -> QuerySet[AgreementTemplate]:
    """The newest version of each template: new agreements start from these."""
    newest = AgreementTemplate.objects.filter(name=OuterRef("name")).order_by("-version").values("version")[:1]
    return AgreementTemplate.objects.filter(version=Subquery(newest)).order_by("name")


class AgreementDraftForm(forms.Form):
    """The blanks of the standard text."""

    template = forms.ModelChoiceField(
        label=_("Template version"),
        queryset=AgreementTemplate.objects.none(),
        required=False,
        help_text=_("Leave empty for an agreement whose text exists only on paper."),
    )
    min_students_per_year = forms.IntegerField(label=_("Minimum students per year"), min_value=1, max_value=999)
    insurance_party = forms.ChoiceField(label=_("Party buying accident insurance"), choices=Party.choices)
    party_a_representative = forms.CharField(
        label=_("Party A authorised representative"), max_length=100, required=False
    )
    party_b_representative = forms.CharField(
        label=_("Party B authorised representative"), max_length=100, required=False
    )
    copies = forms.IntegerField(
        label=_("Number of copies"),
        min_value=rules.DEFAULT_AGREEMENT_COPIES,
        max_value=99,
        initial=rules.DEFAULT_AGREEMENT_COPIES,
        help_text=_("Four by default; more may be agreed."),
    )
    remuneration_terms = forms.CharField(
        label=_("Remuneration of Party B staff"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Amount and manner of payment, by workload, time and number of students."),
    )
    supplementary_clauses = forms.CharField(
        label=_("Supplementary clauses"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["template"].queryset = latest_templates()  # type: ignore[attr-defined]


class SignatureForm(forms.Form):
    """One party's signature and its date."""

    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())


class PaperSigningForm(forms.Form):
    """An agreement signed on paper outside the portal, entered in one step."""

    party_a_signed_on = forms.DateField(label=_("Party A signed on"), widget=DateInput())
    party_b_signed_on = forms.DateField(label=_("Party B signed on"), widget=DateInput())
    ends_on_as_signed = forms.DateField(
        label=_("Last day stated on the signed copy"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty to use three years from the later signature (Civil Code rule)."),
    )
    scan = forms.FileField(label=_("Scan of the signed copy"), required=False, validators=DOCUMENT_VALIDATORS)


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Scan of the signed copy"), validators=DOCUMENT_VALIDATORS)


class TerminateForm(forms.Form):
    """Early termination: when, why, and by which party."""

    terminated_on = forms.DateField(
        label=_("Terminated with effect from"),
        widget=DateInput(),
        help_text=_("The first day the agreement is no longer in force."),
    )
    cause = forms.ChoiceField(label=_("Cause"), choices=Agreement.TerminationCause.choices)
    terminated_by = forms.ChoiceField(label=_("Terminated by"), choices=Party.choices)
    reason = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(label=_("I understand that termination cannot be undone."))


class TemplateVersionForm(forms.Form):
    """A new version of a template's text."""

    name = forms.CharField(label=_("Template name"), max_length=100)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 24}))
    change_note = forms.CharField(label=_("What changed"), max_length=200, required=False)


class CommitteeMemberForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    category = forms.ChoiceField(label=_("Category"), choices=CommitteeMember.Category.choices)
    full_name = forms.CharField(label=_("Full name"), max_length=100)
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    is_chair = forms.BooleanField(label=_("Chair of the committee"), required=False)
    term_start = forms.DateField(label=_("Term starts"), widget=DateInput())
    term_end = forms.DateField(label=_("Term ends"), widget=DateInput(), required=False)


class EndTermForm(forms.Form):
    term_end = forms.DateField(label=_("Term ends"), widget=DateInput())


class BriefingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}))
    attendees = forms.CharField(label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExchangeForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExchangeActivity.Kind.choices)
    participants = forms.CharField(label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    participant_count = forms.IntegerField(label=_("Number of participants"), min_value=0, initial=0)


class FundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Amount (CNY)"), min_value=Decimal("0.00"), max_digits=12, decimal_places=2)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FundedProjectForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Fund year"), queryset=InnovationFund.objects.none())
    title = forms.CharField(label=_("Project title"), max_length=200)
    leader = forms.CharField(label=_("Project leader"), max_length=100)
    amount = forms.DecimalField(label=_("Amount (CNY)"), min_value=Decimal("0.00"), max_digits=12, decimal_places=2)
    students = forms.CharField(label=_("Students involved"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: object, base: TrainingBase, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["fund"].queryset = base.funds.order_by("-year")  # type: ignore[attr-defined]


class InnovationActivityForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=InnovationActivity.Kind.choices)
    participants = forms.CharField(label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    result = forms.CharField(label=_("Result or award"), max_length=200, required=False)


class RequestMaterialsForm(forms.Form):
    note = forms.CharField(
        label=_("What to submit"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: self-evaluation report, list of students trained, mentor list, fund accounts."),
    )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), validators=DOCUMENT_VALIDATORS)


class SubmitMaterialsForm(forms.Form):
    confirm = forms.BooleanField(label=_("The materials are complete; submit them to the graduate office."))


class EvaluationResultForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=EvaluationCycle.Grade.choices)
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 5}))
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DateInput())
