from rest_framework import viewsets

from students.selectors import students_visible_to

from .serializers import StudentSerializer


class StudentViewSet(viewsets.ReadOnlyModelViewSet):
    """Students the caller may see; others are 404."""

    serializer_class = StudentSerializer
    filterset_fields = ["degree_level", "enrolment_year"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return students_visible_to(self.request.user).select_related("college").order_by("pk")
