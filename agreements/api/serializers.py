from rest_framework import serializers

from agreements.models import TrainingBase


class TrainingBaseSerializer(serializers.ModelSerializer):
    """A base, with its enterprise's name and credit code."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_credit_code = serializers.CharField(source="enterprise.credit_code", read_only=True)

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
            "updated_at",
        ]
