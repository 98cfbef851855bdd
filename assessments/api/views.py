from assessments.selectors import assessments_visible_to, payments_visible_to
from integration.api.viewsets import SyncedViewSet

from .filters import AssessmentFilter, PaymentFilter
from .serializers import AllowancePaymentSerializer, MonthlyAssessmentSerializer


class MonthlyAssessmentViewSet(SyncedViewSet):
    """Monthly assessments the caller may see."""

    selector = assessments_visible_to
    serializer_class = MonthlyAssessmentSerializer
    filterset_class = AssessmentFilter


class AllowancePaymentViewSet(SyncedViewSet):
    """Allowance payments the caller may see."""

    selector = payments_visible_to
    serializer_class = AllowancePaymentSerializer
    filterset_class = PaymentFilter
