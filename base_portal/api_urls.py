"""The REST API under /api/v1/. Each app contributes its viewsets from its ``api`` package."""

from rest_framework.routers import DefaultRouter

from agreements.api.views import AgreementViewSet, EvaluationViewSet, TrainingBaseViewSet
from assessments.api.views import AllowancePaymentViewSet, MonthlyAssessmentViewSet
from integration.api.views import TombstoneViewSet
from mentors.api.views import AppointmentViewSet, MentorViewSet
from students.api.views import NoticeViewSet, PlacementViewSet, StudentViewSet

router = DefaultRouter()
router.register("bases", TrainingBaseViewSet, basename="base")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("students", StudentViewSet, basename="student")
router.register("placements", PlacementViewSet, basename="placement")
router.register("notices", NoticeViewSet, basename="notice")
router.register("mentors", MentorViewSet, basename="mentor")
router.register("appointments", AppointmentViewSet, basename="appointment")
router.register("assessments", MonthlyAssessmentViewSet, basename="assessment")
router.register("allowance-payments", AllowancePaymentViewSet, basename="payment")
router.register("deletions", TombstoneViewSet, basename="deletion")

app_name = "api"
urlpatterns = router.urls
