from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements.models import Agreement, EvaluationCycle, TrainingBase


class TrainingBaseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A joint training base, with its enterprise's name and credit code."""

    enterprise_name = serializers.CharField(
        source="enterprise.name", read_only=True, help_text=_("The enterprise (Party B) hosting the base.")
    )
    enterprise_credit_code = serializers.CharField(
        source="enterprise.credit_code",
        read_only=True,
        help_text=_("The enterprise's unified social credit code (18 characters, GB 32100)."),
    )

    class Meta:
        model = TrainingBase
        fields = [
            "id",
            "name",
            "status",
            "enterprise_name",
            "enterprise_credit_code",
            "office_department",
            "office_contact",
            "office_phone",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"id": {"help_text": _("The base's id; other collections refer to it as base.")}}


class AgreementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A three-year agreement of a base; a renewal is a new agreement naming its predecessor."""

    status = serializers.ChoiceField(
        choices=Agreement.Status.choices,
        read_only=True,
        help_text=_("Derived from the dates today, so it can change without updated_at changing."),
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "base",
            "predecessor",
            "status",
            "party_a_representative",
            "party_b_representative",
            "party_a_signed_on",
            "party_b_signed_on",
            "signed_outside_portal",
            "effective_from",
            "ends_on",
            "ends_on_source",
            "in_force_until",
            "min_students_per_year",
            "insurance_party",
            "copies",
            "terminated_on",
            "terminated_by",
            "termination_cause",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The agreement's id.")},
            "base": {"help_text": _("The id of the base the agreement is for.")},
            "predecessor": {"help_text": _("The id of the agreement this one renews, if any.")},
            "in_force_until": {
                "help_text": _("The last day actually in force: the last day, or the day before an early termination.")
            },
        }


class EvaluationCycleSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A biennial evaluation of a base, due every two years from the agreement's effective date."""

    class Meta:
        model = EvaluationCycle
        fields = [
            "id",
            "agreement",
            "base",
            "sequence",
            "due_on",
            "state",
            "materials_requested_on",
            "submitted_on",
            "evaluated_on",
            "grade",
            "conclusion",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The evaluation's id.")},
            "agreement": {"help_text": _("The id of the agreement evaluated.")},
            "base": {"help_text": _("The id of the base evaluated.")},
            "sequence": {"help_text": _("1 for the first evaluation of the agreement, 2 for the second, …")},
        }
