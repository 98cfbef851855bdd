from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mentors.models import Appointment, Mentor


class MentorSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An on-campus supervisor or a cooperative mentor of a base. Contact details are not shared."""

    class Meta:
        model = Mentor
        fields = [
            "id",
            "kind",
            "full_name",
            "staff_no",
            "organisation",
            "college",
            "base",
            "title",
            "title_level",
            "degree",
            "years_of_experience",
            "field",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": _("The mentor's id; placements and appointments refer to it.")},
            "organisation": {"help_text": _("The id of the mentor's organisation.")},
            "college": {"help_text": _("For a supervisor: the id of their college.")},
        }


class AppointmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """Party A's appointment of a cooperative mentor at a base for a term; both end days count."""

    class Meta:
        model = Appointment
        fields = ["id", "mentor", "base", "starts_on", "ends_on", "letter_number", "created_at", "updated_at"]
        extra_kwargs = {
            "id": {"help_text": _("The appointment's id.")},
            "mentor": {"help_text": _("The mentor's id.")},
            "base": {"help_text": _("The base's id.")},
        }
