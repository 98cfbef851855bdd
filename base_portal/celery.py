"""The Celery application. Tasks live in each app's ``tasks.py`` and are autodiscovered."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "base_portal.settings")

app = Celery("base_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Cross-cutting tasks live outside the apps.
app.conf.include = ["base_portal.tasks"]
