"""Forms of the student pages. They validate input; the services decide and save."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.models import Party, TrainingBase
from base_portal.choices import FourLevelGrade
from base_portal.files import DOCUMENT_VALIDATORS
from base_portal.forms import DateInput
from mentors.models import Mentor

from .models import Award, DefenceResult, DisclosureRequest, PracticeNotice, Student


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CourseworkForm(forms.Form):
    credits_required = forms.IntegerField(label=_("Credits required"), min_value=0, max_value=200)
    credits_earned = forms.IntegerField(label=_("Credits earned"), min_value=0, max_value=200)
    completed_on = forms.DateField(
        label=_("Coursework completed on"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty while coursework is still going on."),
    )


class PracticePlanForm(forms.Form):
    project = forms.CharField(label=_("Practice project"), max_length=200)
    planned_start = forms.DateField(label=_("Practice planned to start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Practice planned to end"), widget=DateInput())
    length_exception_reason = forms.CharField(
        label=_("Reason for practice outside 6–12 months"), widget=textarea(2), required=False
    )
    beyond_agreement_reason = forms.CharField(
        label=_("Decision to run past the agreement's end"), widget=textarea(2), required=False
    )


class SafetyAgreementForm(forms.Form):
    base_signed_on = forms.DateField(label=_("Signed by the base on"), widget=DateInput())
    student_signed_on = forms.DateField(label=_("Signed by the student on"), widget=DateInput())
    supervisor_signed_on = forms.DateField(label=_("Signed by the supervisor on"), widget=DateInput())
    scan = forms.FileField(label=_("Scan of the signed safety agreement"), validators=DOCUMENT_VALIDATORS)


class InsuranceForm(forms.Form):
    insurer = forms.CharField(label=_("Insurer"), max_length=100)
    policy_number = forms.CharField(label=_("Policy number"), max_length=60)
    bought_by = forms.ChoiceField(label=_("Bought by"), choices=Party.choices)
    covers_from = forms.DateField(label=_("Covers from"), widget=DateInput())
    covers_to = forms.DateField(label=_("Covers to"), widget=DateInput())


class PracticeStartForm(forms.Form):
    started_on = forms.DateField(label=_("Practice started on"), widget=DateInput())


class PracticeFinishForm(forms.Form):
    ended_on = forms.DateField(label=_("Practice ended on"), widget=DateInput())


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PracticeNotice.Kind.choices)
    notice_date = forms.DateField(label=_("Notice given on"), widget=DateInput())
    new_end = forms.DateField(
        label=_("Practice ends on"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "At least one calendar month after the notice. Not needed for illness, which ends practice at once."
        ),
    )
    reason = forms.CharField(label=_("Reason"), widget=textarea(3))


class ThesisTopicForm(forms.Form):
    topic = forms.CharField(label=_("Thesis topic"), max_length=300)


class ConfidentialityForm(forms.Form):
    confirmed_on = forms.DateField(label=_("Confirmed on"), widget=DateInput())
    is_confidential = forms.TypedChoiceField(
        label=_("Is the thesis confidential?"),
        choices=[("no", _("No, it is not confidential")), ("yes", _("Yes, it is confidential"))],
        coerce=lambda value: value == "yes",
    )
    notes = forms.CharField(label=_("Notes"), widget=textarea(2), required=False)


class ProposalForm(forms.Form):
    proposal_on = forms.DateField(label=_("Thesis proposal on"), widget=DateInput())


class DefenceForm(forms.Form):
    defence_on = forms.DateField(label=_("Defence on"), widget=DateInput())
    result = forms.ChoiceField(label=_("Defence result"), choices=DefenceResult.choices)


class AppraisalForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=FourLevelGrade.choices)
    comments = forms.CharField(label=_("Comments"), widget=textarea(6))
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())


class AwardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Award.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    awarded_on = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(label=_("Description"), widget=textarea(2), required=False)


class DisclosureRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DisclosureRequest.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    venue = forms.CharField(label=_("Journal, conference or office"), max_length=200, required=False)
    summary = forms.CharField(label=_("What project content it discloses"), widget=textarea(4))
    planned_on = forms.DateField(label=_("Planned disclosure date"), widget=DateInput())


class DisclosureDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
        coerce=lambda value: value == "yes",
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=textarea(2), required=False)


class DemandForm(forms.Form):
    base = forms.ModelChoiceField(label=_("Base"), queryset=TrainingBase.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Job position"), max_length=200)
    count = forms.IntegerField(label=_("Number of positions"), min_value=1, max_value=999)
    requirements = forms.CharField(label=_("Position requirements"), widget=textarea(3), required=False)
    description = forms.CharField(label=_("Description"), widget=textarea(3), required=False)

    def __init__(self, *args: object, bases: QuerySet[TrainingBase], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["base"].queryset = bases  # type: ignore[attr-defined]


class SelectionForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=Student.objects.none())
    party_a_consent = forms.CharField(
        label=_("Party A's consent (for a student outside the default group)"),
        widget=textarea(2),
        required=False,
        help_text=_("Needed unless the student is full-time, non-directed and studying for a professional degree."),
    )

    def __init__(self, *args: object, students: QuerySet[Student], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["student"].queryset = students  # type: ignore[attr-defined]


class AcceptForm(forms.Form):
    cooperative_mentor = forms.ModelChoiceField(
        label=_("Cooperative mentor"),
        queryset=Mentor.objects.none(),
        required=False,
        help_text=_("Only mentors with a current appointment at the base can be chosen."),
    )
    party_b_consent = forms.CharField(
        label=_("Party B's consent (for a student outside the default group)"), widget=textarea(2), required=False
    )

    def __init__(self, *args: object, mentors: QuerySet[Mentor], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["cooperative_mentor"].queryset = mentors  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=textarea(3))
