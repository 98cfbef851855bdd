"""Forms of the assessment and allowance pages."""

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.models import TrainingBase
from base_portal.files import DOCUMENT_VALIDATORS
from base_portal.forms import DateInput
from students.models import Student


class MonthField(forms.DateField):
    """A month as YYYY-MM (the browser's month picker); stored as the month's first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]


class PolicyForm(forms.Form):
    base = forms.ModelChoiceField(label=_("Base"), queryset=TrainingBase.objects.none())
    degree_level = forms.ChoiceField(label=_("Degree level"), choices=Student.DegreeLevel.choices)
    effective_from = forms.DateField(label=_("Applies from"), widget=DateInput())
    base_amount = forms.DecimalField(
        label=_("Monthly amount (CNY)"), min_value=Decimal("0"), max_digits=10, decimal_places=2
    )
    excellent_bonus = forms.DecimalField(
        label=_("Extra for an excellent month (CNY)"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        initial=Decimal("0"),
    )
    failed_amount = forms.DecimalField(
        label=_("Amount for a failed month (CNY)"), min_value=Decimal("0"), max_digits=10, decimal_places=2
    )

    def __init__(self, *args: object, bases: QuerySet[TrainingBase], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["base"].queryset = bases  # type: ignore[attr-defined]


class AmendForm(forms.Form):
    attendance_days = forms.IntegerField(label=_("Attendance days"), min_value=0, max_value=31)
    score = forms.IntegerField(label=_("Score"), min_value=0, max_value=100)
    work_summary = forms.CharField(label=_("Work summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    mentor_comments = forms.CharField(
        label=_("Mentor's comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reason = forms.CharField(
        label=_("Reason for the amendment"), max_length=100, widget=forms.Textarea(attrs={"rows": 2})
    )


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(label=_("Payment reference"), max_length=60)


class WorkSummaryForm(forms.Form):
    month = MonthField(label=_("Month"))
    text = forms.CharField(label=_("What I worked on this month"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=_("Attachment"), required=False, validators=DOCUMENT_VALIDATORS)
