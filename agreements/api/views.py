from agreements.selectors import agreements_visible_to, bases_visible_to, evaluations_visible_to
from integration.api.viewsets import SyncedViewSet

from .filters import AgreementFilter, BaseFilter, EvaluationFilter
from .serializers import AgreementSerializer, EvaluationCycleSerializer, TrainingBaseSerializer


class TrainingBaseViewSet(SyncedViewSet):
    """Bases the caller may see; others are 404."""

    selector = bases_visible_to
    related = ("enterprise",)
    serializer_class = TrainingBaseSerializer
    filterset_class = BaseFilter


class AgreementViewSet(SyncedViewSet):
    """Agreements of the bases the caller may see, for roles that read agreements."""

    selector = agreements_visible_to
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter


class EvaluationViewSet(SyncedViewSet):
    """Biennial evaluations of the bases the caller may see."""

    selector = evaluations_visible_to
    serializer_class = EvaluationCycleSerializer
    filterset_class = EvaluationFilter
