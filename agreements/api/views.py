from rest_framework import viewsets

from agreements.selectors import bases_visible_to

from .serializers import TrainingBaseSerializer


class TrainingBaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Bases the caller may see; others are 404."""

    serializer_class = TrainingBaseSerializer
    filterset_fields = ["status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return bases_visible_to(self.request.user).select_related("enterprise").order_by("pk")
