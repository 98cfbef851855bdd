from rest_framework import serializers

from students.models import Student


class StudentSerializer(serializers.ModelSerializer):
    """A student record, with the college's code."""

    college_code = serializers.CharField(source="college.code", read_only=True)

    class Meta:
        model = Student
        fields = [
            "id",
            "student_no",
            "full_name",
            "college_code",
            "major",
            "degree_level",
            "degree_type",
            "study_mode",
            "employment_type",
            "enrolment_year",
            "updated_at",
        ]
