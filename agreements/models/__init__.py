"""Bases, their agreements and templates, governance records and biennial evaluations."""

from .agreements import Agreement, AgreementTemplate
from .bases import BaseGroupObjectPermission, BaseUserObjectPermission, Party, TrainingBase
from .evaluations import EvaluationCycle, EvaluationMaterial
from .governance import Briefing, CommitteeMember, ExchangeActivity, FundedProject, InnovationActivity, InnovationFund

__all__ = [
    "Agreement",
    "AgreementTemplate",
    "BaseGroupObjectPermission",
    "BaseUserObjectPermission",
    "Briefing",
    "CommitteeMember",
    "EvaluationCycle",
    "EvaluationMaterial",
    "ExchangeActivity",
    "FundedProject",
    "InnovationActivity",
    "InnovationFund",
    "Party",
    "TrainingBase",
]
