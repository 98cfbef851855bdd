"""Cross-cutting tasks."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="base_portal.ping")
def ping() -> str:
    """Answer at once: lets health checks and CI prove a worker is consuming the queue."""
    return f"pong {timezone.now().isoformat()}"
