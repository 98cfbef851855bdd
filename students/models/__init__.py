"""Students, placements through the three stages, demands and selection, and practice records."""

from .core import DefenceResult, Placement, Student
from .demands import PositionDemand, Selection
from .practice import (
    Award,
    ConfidentialityConfirmation,
    DisclosureRequest,
    InsurancePolicy,
    PracticeAppraisal,
    PracticeNotice,
    SafetyAgreement,
)

__all__ = [
    "Award",
    "ConfidentialityConfirmation",
    "DefenceResult",
    "DisclosureRequest",
    "InsurancePolicy",
    "Placement",
    "PositionDemand",
    "PracticeAppraisal",
    "PracticeNotice",
    "SafetyAgreement",
    "Selection",
    "Student",
]
