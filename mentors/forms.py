"""Forms of the mentor pages. They validate input; the services decide and save."""

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.models import TrainingBase
from base_portal.files import DOCUMENT_VALIDATORS
from base_portal.forms import DateInput

from .models import Degree, Mentor, MentorAssessment, RemunerationRecord, TitleLevel


class CriteriaForm(forms.Form):
    min_title_level = forms.ChoiceField(label=_("Minimum title level"), choices=TitleLevel.choices)
    min_degree = forms.ChoiceField(label=_("Minimum degree"), choices=Degree.choices)
    min_years_of_experience = forms.IntegerField(label=_("Minimum years of experience"), min_value=0, max_value=60)
    notes = forms.CharField(
        label=_("Other requirements"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Shown to base administrators when they recommend a candidate."),
    )


class RecommendationForm(forms.Form):
    """A candidate, recommended by one of the bases the user administers."""

    base = forms.ModelChoiceField(label=_("Base"), queryset=TrainingBase.objects.none())
    full_name = forms.CharField(label=_("Full name"), max_length=100)
    title = forms.CharField(label=_("Professional title"), max_length=50, help_text=_("For example, senior engineer."))
    title_level = forms.ChoiceField(label=_("Title level"), choices=TitleLevel.choices)
    degree = forms.ChoiceField(label=_("Highest degree"), choices=Degree.choices)
    years_of_experience = forms.IntegerField(label=_("Years of experience"), min_value=0, max_value=60)
    field = forms.CharField(label=_("Field"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    reason = forms.CharField(label=_("Why recommended"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    cv = forms.FileField(
        label=_("CV"), validators=DOCUMENT_VALIDATORS, help_text=_("PDF, Word or an image, up to 20 MB.")
    )

    def __init__(self, *args: object, bases: QuerySet[TrainingBase], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["base"].queryset = bases  # type: ignore[attr-defined]


class AppointForm(forms.Form):
    starts_on = forms.DateField(label=_("Appointment starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("Appointment ends"), widget=DateInput())
    letter_number = forms.CharField(label=_("Appointment letter number"), max_length=50)
    exception_reason = forms.CharField(
        label=_("Reason for appointing although a criterion is not met"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReappointForm(forms.Form):
    starts_on = forms.DateField(label=_("Appointment starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("Appointment ends"), widget=DateInput())
    letter_number = forms.CharField(label=_("Appointment letter number"), max_length=50)


class TrainingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    topic = forms.CharField(label=_("Topic"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.5"), max_digits=5, decimal_places=1)


class MentorAssessmentForm(forms.Form):
    period_start = forms.DateField(label=_("Period starts"), widget=DateInput())
    period_end = forms.DateField(label=_("Period ends"), widget=DateInput())
    result = forms.ChoiceField(label=_("Result"), choices=MentorAssessment.Result.choices)
    comments = forms.CharField(label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RemunerationForm(forms.Form):
    mentor = forms.ModelChoiceField(
        label=_("Cooperative mentor"),
        queryset=Mentor.objects.filter(kind=Mentor.Kind.COOPERATIVE).select_related("base").order_by("full_name"),
    )
    period_start = forms.DateField(label=_("Period starts"), widget=DateInput())
    period_end = forms.DateField(label=_("Period ends"), widget=DateInput())
    basis = forms.ChoiceField(label=_("Basis"), choices=RemunerationRecord.Basis.choices)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=1,
        help_text=_("Hours of work, months of guidance, or number of students, as the basis says."),
    )
    amount = forms.DecimalField(label=_("Amount (CNY)"), min_value=Decimal("0.00"), max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput(), required=False)
    reference = forms.CharField(label=_("Payment reference"), max_length=60, required=False)
