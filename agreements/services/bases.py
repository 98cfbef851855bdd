"""State changes of bases and of who administers them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Organisation, User
from accounts.roles import Role, has_role
from agreements.models import TrainingBase

MANAGE_BASE_PERM = "agreements.manage_base"


@transaction.atomic
def base_create(
    *,
    name: str,
    enterprise: Organisation,
    university: Organisation,
    office_department: str = "",
    office_contact: str = "",
    office_phone: str = "",
    status: TrainingBase.Status = TrainingBase.Status.PLANNED,
) -> TrainingBase:
    """Register a base hosted by ``enterprise`` for ``university``."""
    if enterprise.kind != Organisation.Kind.ENTERPRISE:
        raise ValidationError(_("Party B of a base must be an enterprise."))
    if university.kind != Organisation.Kind.UNIVERSITY:
        raise ValidationError(_("Party A of a base must be a university."))
    base = TrainingBase(
        name=name,
        enterprise=enterprise,
        university=university,
        office_department=office_department,
        office_contact=office_contact,
        office_phone=office_phone,
        status=status,
    )
    base.full_clean()
    base.save()
    return base


@transaction.atomic
def base_update(
    *,
    base: TrainingBase,
    name: str,
    office_department: str,
    office_contact: str,
    office_phone: str,
    status: TrainingBase.Status,
) -> TrainingBase:
    """Change a base's name, office and status (the parties never change: that is a new base)."""
    base.name = name
    base.office_department = office_department
    base.office_contact = office_contact
    base.office_phone = office_phone
    base.status = status
    base.full_clean()
    base.save()
    return base


@transaction.atomic
def base_grant_admin(*, base: TrainingBase, user: User) -> None:
    """Let ``user`` administer ``base``; only a base administrator of the base's own enterprise may."""
    if user.organisation_id != base.enterprise_id:
        raise ValidationError(_("Only staff of the base's own enterprise can administer it."))
    if not has_role(user, Role.BASE_ADMIN):
        raise ValidationError(_("Give this user the base administrator role first."))
    assign_perm(MANAGE_BASE_PERM, user, base)


@transaction.atomic
def base_revoke_admin(*, base: TrainingBase, user: User) -> None:
    """Withdraw ``user``'s administration of ``base``."""
    remove_perm(MANAGE_BASE_PERM, user, base)
