"""The REST API under /api/v1/. Each app contributes its viewsets from its ``api`` package."""

from rest_framework.routers import DefaultRouter

from agreements.api.views import TrainingBaseViewSet
from students.api.views import StudentViewSet

router = DefaultRouter()
router.register("bases", TrainingBaseViewSet, basename="base")
router.register("students", StudentViewSet, basename="student")

app_name = "api"
urlpatterns = router.urls
