from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import TrainingBase
from agreements.selectors import bases_visible_to
from students.importing import FIRST_ENROLMENT_YEAR, last_enrolment_year

from .models import Job


class JobFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *Job.Kind.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *Job.Status.choices], required=False)


class AppraisalZipForm(forms.Form):
    """A cohort (students of one enrolment year), optionally at one base."""

    enrolment_year = forms.TypedChoiceField(label=_("Enrolment year"), coerce=int)
    base = forms.ModelChoiceField(
        label=_("Base"), queryset=TrainingBase.objects.none(), required=False, empty_label=_("All bases I can see")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        last = last_enrolment_year(timezone.localdate())
        self.fields["enrolment_year"].choices = [
            (year, str(year)) for year in range(last, FIRST_ENROLMENT_YEAR - 1, -1)
        ]
        self.fields["base"].queryset = bases_visible_to(user).order_by("name")  # type: ignore[attr-defined]
