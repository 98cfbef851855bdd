from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail
from rest_framework.request import Request
from rest_framework.response import Response

from integration.api.errors import Unprocessable
from integration.api.viewsets import SyncedViewSet
from integration.models import Scope
from students.models import Student
from students.selectors import notices_visible_to, placements_visible_to, students_visible_to
from students.services import UpsertOutcome, student_upsert

from .filters import NoticeFilter, PlacementFilter, StudentFilter
from .serializers import (
    STUDENT_NO_PATTERN,
    NoticeSerializer,
    PlacementSerializer,
    StudentBulkResultSerializer,
    StudentBulkSerializer,
    StudentSerializer,
    StudentWriteSerializer,
    resolve_student_fields,
)

STUDENT_NO = OpenApiParameter(
    "student_no",
    str,
    OpenApiParameter.PATH,
    pattern=STUDENT_NO_PATTERN,
    description=_("The student number: letters, digits and hyphens, at most 20."),
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[STUDENT_NO]),
    update=extend_schema(
        parameters=[STUDENT_NO],
        request=StudentWriteSerializer,
        responses={200: StudentSerializer, 201: StudentSerializer},
        summary=_("Create or update a student by number"),
        description=_(
            "The graduate management system's upsert: 201 when the student was created, 200 otherwise. "
            "Sending the same data again changes nothing, not even updated_at. Needs the write_students scope."
        ),
    ),
    bulk=extend_schema(
        request=StudentBulkSerializer,
        responses={200: StudentBulkResultSerializer},
        summary=_("Create or update up to 500 students at once"),
        description=_(
            "One transaction: if any student is invalid, nothing is written. Needs the write_students scope."
        ),
    ),
)
class StudentViewSet(SyncedViewSet):
    """Students the caller may see, addressed by student number; others are 404."""

    selector = students_visible_to
    related = ("college", "supervisor")
    serializer_class = StudentSerializer
    filterset_class = StudentFilter
    lookup_field = "student_no"
    lookup_value_regex = STUDENT_NO_PATTERN.strip("^$")
    write_scope = Scope.WRITE_STUDENTS

    def _require_upsert_rights(self, request: Request) -> None:
        # PUT is checked for change_student by the model permissions; an upsert may also create.
        if not request.user.has_perms(["students.add_student", "students.change_student"]):
            raise exceptions.PermissionDenied

    def update(self, request: Request, student_no: str) -> Response:
        self._require_upsert_rights(request)
        exists = Student.objects.filter(student_no=student_no)
        if exists.exists() and not self.get_queryset().filter(student_no=student_no).exists():
            raise exceptions.NotFound
        serializer = StudentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        student, outcome = student_upsert(
            student_no=student_no, changed_by=request.user, **resolve_student_fields(serializer.validated_data)
        )
        student = self.get_queryset().get(pk=student.pk)
        code = status.HTTP_201_CREATED if outcome == UpsertOutcome.CREATED else status.HTTP_200_OK
        return Response(StudentSerializer(student).data, status=code)

    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        self._require_upsert_rights(request)
        serializer = StudentBulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        counts = dict.fromkeys(UpsertOutcome.values, 0)
        rows = serializer.validated_data["students"]
        numbers = Counter(row["student_no"] for row in rows)
        if twice := sorted(number for number, count in numbers.items() if count > 1):
            message = _("These student numbers appear more than once: %(numbers)s.") % {"numbers": ", ".join(twice)}
            raise Unprocessable({"students": [ErrorDetail(str(message), code="duplicate")]})
        errors: dict[int, Any] = {}
        with transaction.atomic():
            for index, row in enumerate(rows):
                try:
                    _student, outcome = student_upsert(changed_by=request.user, **resolve_student_fields(row))
                except DjangoValidationError as error:  # what only the records can tell: report it by row
                    errors[index] = serializers.as_serializer_error(error)
                    continue
                counts[outcome] += 1
            if errors:
                raise Unprocessable({"students": errors})  # 422, and the whole batch is rolled back
        return Response(counts)


class PlacementViewSet(SyncedViewSet):
    """Placements the caller may see, each with its stage and the dates of each stage."""

    selector = placements_visible_to
    related = ("student",)
    serializer_class = PlacementSerializer
    filterset_class = PlacementFilter


class NoticeViewSet(SyncedViewSet):
    """Notices ending practice early or late, of the placements the caller may see."""

    selector = notices_visible_to
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
