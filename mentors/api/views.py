from integration.api.viewsets import SyncedViewSet
from mentors.selectors import appointments_visible_to, mentors_visible_to

from .filters import AppointmentFilter, MentorFilter
from .serializers import AppointmentSerializer, MentorSerializer


class MentorViewSet(SyncedViewSet):
    """Mentors the caller may see."""

    selector = mentors_visible_to
    serializer_class = MentorSerializer
    filterset_class = MentorFilter


class AppointmentViewSet(SyncedViewSet):
    """Appointments of cooperative mentors, for roles that read them."""

    selector = appointments_visible_to
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter
