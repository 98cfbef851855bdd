"""Choices shared across apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FourLevelGrade(models.TextChoices):
    """The four-level grade used for evaluations and assessments (优秀/良好/合格/不合格)."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
