from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.models import AllowancePayment, MonthlyAssessment

MONTH_HELP = _("The month, as its first day.")


class MonthlyAssessmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """Party B's assessment of a student in practice for one month."""

    class Meta:
        model = MonthlyAssessment
        fields = [
            "id",
            "placement",
            "base",
            "month",
            "attendance_days",
            "score",
            "grade",
            "state",
            "confirmed_on",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The assessment's id; its allowance payment refers to it.")},
            "placement": {"help_text": _("The placement's id.")},
            "base": {"help_text": _("The base's id.")},
            "month": {"help_text": MONTH_HELP},
            "score": {"help_text": _("0 to 100; the grade follows from it.")},
        }


class AllowancePaymentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """The living allowance for one student and month, computed from the confirmed assessment."""

    class Meta:
        model = AllowancePayment
        fields = [
            "id",
            "assessment",
            "placement",
            "base",
            "month",
            "days_in_practice",
            "amount",
            "reduction_reason",
            "paid_on",
            "reference",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The payment's id.")},
            "assessment": {"help_text": _("The id of the monthly assessment it pays for.")},
            "placement": {"help_text": _("The placement's id.")},
            "base": {"help_text": _("The base's id.")},
            "month": {"help_text": MONTH_HELP},
            "amount": {"help_text": _("The amount in CNY, as a decimal string with two places.")},
            "paid_on": {"help_text": _("The day it was paid; null while unpaid.")},
        }
