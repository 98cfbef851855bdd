"""The portal's roles (DESIGN.md, "Who uses it") as groups, and the permissions each carries.

A role is a Django group of the same name. Role-level rights are the model permissions below;
which rows a role reaches is decided by the ``view_*_records`` scopes and, for base admins, by
django-guardian permissions on the base (see ``agreements.selectors``).
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role of DESIGN.md; the value is the group's name."""

    OFFICE = "office", _("Graduate office staff")
    COLLEGE = "college", _("College secretary")
    SUPERVISOR = "supervisor", _("On-campus supervisor")
    BASE_ADMIN = "base_admin", _("Base administrator")
    MENTOR = "mentor", _("Cooperative mentor")
    STUDENT = "student", _("Graduate student")
    API_CLIENT = "api_client", _("University system (API client)")


SCOPE_ALL = "accounts.view_all_records"
SCOPE_COLLEGE = "accounts.view_college_records"
SCOPE_SUPERVISED = "accounts.view_supervised_records"
SCOPE_MENTORED = "accounts.view_mentored_records"
SCOPE_OWN = "accounts.view_own_records"

_READ_DOMAIN = [
    "agreements.view_trainingbase",
    "agreements.view_committeemember",
    "agreements.view_exchangeactivity",
    "agreements.view_innovationactivity",
    "mentors.view_mentor",
    "students.view_student",
    "students.view_placement",
]
# What the two parties' managers read beyond that: the agreement itself, the fund, evaluations.
_READ_MANAGEMENT = [
    "agreements.view_agreement",
    "agreements.view_briefing",
    "agreements.view_innovationfund",
    "agreements.view_fundedproject",
    "agreements.view_evaluationcycle",
    "agreements.view_evaluationmaterial",
]
# Mentor records the managers of both parties read: appointments, training, assessments, pay.
_READ_MENTOR_RECORDS = [
    "mentors.view_appointment",
    "mentors.view_mentortraining",
    "mentors.view_mentorassessment",
    "mentors.view_remunerationrecord",
]
# The student's practice records; each role reaches them only for the students it sees.
_READ_STUDENT_RECORDS = [
    "students.view_safetyagreement",
    "students.view_insurancepolicy",
    "students.view_practicenotice",
    "students.view_confidentialityconfirmation",
    "students.view_practiceappraisal",
    "students.view_award",
    "students.view_disclosurerequest",
]
_DEMANDS = ["students.view_positiondemand", "students.view_selection"]
_READ_ASSESSMENTS = [
    "assessments.view_monthlyassessment",
    "assessments.view_allowancepayment",
    "assessments.view_allowancepolicy",
    "assessments.view_worksummary",
]
# Records either party may add for a base it manages.
_RECORD_BASE_ACTIVITY = [
    "agreements.add_briefing",
    "agreements.add_exchangeactivity",
    "agreements.add_innovationactivity",
    "agreements.add_innovationfund",
    "agreements.add_fundedproject",
]

# Long work in the background: a cohort's appraisal forms, large ledgers (and, for the office, imports).
_BACKGROUND_JOBS = ["jobs.view_job", "jobs.add_job"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.OFFICE: [
        SCOPE_ALL,
        *_READ_DOMAIN,
        *_READ_MANAGEMENT,
        *_RECORD_BASE_ACTIVITY,
        "accounts.view_organisation",
        "accounts.add_organisation",
        "accounts.change_organisation",
        "accounts.view_college",
        "accounts.add_college",
        "accounts.change_college",
        "accounts.view_user",
        "agreements.add_trainingbase",
        "agreements.change_trainingbase",
        "agreements.add_agreement",
        "agreements.change_agreement",
        "agreements.view_agreementtemplate",
        "agreements.add_agreementtemplate",
        "agreements.add_committeemember",
        "agreements.change_committeemember",
        "agreements.evaluate_base",
        "mentors.add_mentor",
        "mentors.change_mentor",
        *_READ_MENTOR_RECORDS,
        "mentors.view_appointmentcriteria",
        "mentors.change_appointmentcriteria",
        "mentors.view_mentorrecommendation",
        "mentors.decide_recommendation",
        "mentors.add_appointment",
        "mentors.add_mentortraining",
        "mentors.add_mentorassessment",
        "mentors.add_remunerationrecord",
        "students.add_student",
        "students.change_student",
        "students.add_placement",
        "students.change_placement",
        *_READ_STUDENT_RECORDS,
        *_READ_ASSESSMENTS,
        *_DEMANDS,
        "students.add_selection",
        "students.record_coursework",
        "students.plan_practice",
        "students.record_safety_agreement",
        "students.record_insurance",
        "students.manage_practice",
        "students.file_notice",
        "students.acknowledge_notice",
        "students.record_thesis",
        "integration.view_apitoken",
        "integration.add_apitoken",
        "integration.revoke_apitoken",
        "integration.view_tombstone",
        *_BACKGROUND_JOBS,
    ],
    Role.COLLEGE: [
        SCOPE_COLLEGE,
        *_READ_DOMAIN,
        *_READ_STUDENT_RECORDS,
        *_READ_ASSESSMENTS,
        "agreements.view_agreement",
        "students.record_coursework",
        "students.record_thesis",
        *_BACKGROUND_JOBS,
    ],
    Role.SUPERVISOR: [
        SCOPE_SUPERVISED,
        *_READ_DOMAIN,
        *_READ_STUDENT_RECORDS,
        *_READ_ASSESSMENTS,
        "students.record_thesis",
        "students.request_disclosure",
        *_BACKGROUND_JOBS,
    ],
    # Which bases: guardian's "agreements.manage_base" on each base, granted by a service.
    Role.BASE_ADMIN: [
        *_READ_DOMAIN,
        *_READ_MANAGEMENT,
        *_RECORD_BASE_ACTIVITY,
        *_READ_MENTOR_RECORDS,
        "agreements.submit_evaluation_materials",
        "integration.view_tombstone",
        "mentors.view_mentorrecommendation",
        "mentors.add_mentorrecommendation",
        *_READ_STUDENT_RECORDS,
        *_READ_ASSESSMENTS,
        *_DEMANDS,
        "assessments.confirm_monthly_assessment",
        "assessments.add_allowancepolicy",
        "assessments.change_allowancepayment",
        "students.add_positiondemand",
        "students.answer_selection",
        "students.plan_practice",
        "students.record_safety_agreement",
        "students.record_insurance",
        "students.manage_practice",
        "students.file_notice",
        "students.acknowledge_notice",
        "students.confirm_confidentiality",
        "students.issue_appraisal",
        "students.decide_disclosure",
        *_BACKGROUND_JOBS,
    ],
    Role.MENTOR: [
        SCOPE_MENTORED,
        *_READ_DOMAIN,
        *_READ_MENTOR_RECORDS,
        *_READ_STUDENT_RECORDS,
        *_READ_ASSESSMENTS,
        "assessments.write_monthly_assessment",
    ],
    Role.STUDENT: [
        SCOPE_OWN,
        *_READ_DOMAIN,
        *_READ_STUDENT_RECORDS,
        *_READ_ASSESSMENTS,
        "assessments.add_worksummary",
        "students.request_disclosure",
    ],
    Role.API_CLIENT: [
        SCOPE_ALL,
        "students.add_student",
        "students.change_student",
        "integration.view_tombstone",
        *_READ_DOMAIN,
        *_READ_MANAGEMENT,
        *_READ_MENTOR_RECORDS,
        *_READ_STUDENT_RECORDS,
        *_READ_ASSESSMENTS,
        *_DEMANDS,
    ],
}


def _permissions(names: Iterable[str], *, strict: bool) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = list(
        Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={code for _, code in wanted},
        ).select_related("content_type")
    )
    found = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
    if strict and len(found) != len(wanted):
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        raise LookupError(f"Permissions missing (migrate first?): {sorted(missing)}")
    return found


@transaction.atomic
def roles_sync(*, strict: bool = True) -> list[Group]:
    """Create each role's group and set its permissions to exactly ROLE_PERMISSIONS. Idempotent."""
    groups = []
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permissions(names, strict=strict))
        groups.append(group)
    return groups


def roles_of(user: object) -> list[Role]:
    """The roles a user holds, in the order of ``Role`` (kept with their permissions, see ``accounts.access``)."""
    if not getattr(user, "is_authenticated", False):
        return []
    from accounts.access import access_of

    names = access_of(user).groups
    return [role for role in Role if role.value in names]


def has_role(user: object, role: Role) -> bool:
    """True if the user holds ``role``."""
    return role in roles_of(user)
