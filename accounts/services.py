"""State changes of users and organisations. Views, commands and the admin all call these."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from .models import College, Organisation, User
from .roles import Role


@transaction.atomic
def organisation_create(
    *, kind: Organisation.Kind, name: str, credit_code: str | None = None, short_name: str = ""
) -> Organisation:
    """Create a university or enterprise after full validation (credit code included)."""
    org = Organisation(kind=kind, name=name, credit_code=credit_code or None, short_name=short_name)
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def college_create(*, university: Organisation, name: str, code: str) -> College:
    """Create a college of the university."""
    college = College(university=university, name=name, code=code)
    college.full_clean()
    college.save()
    return college


@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    roles: Iterable[Role] = (),
    password: str | None = None,
    email: str = "",
    phone: str = "",
    organisation: Organisation | None = None,
    college: College | None = None,
) -> User:
    """Create a login with its roles. Without a password the account cannot log in until one is set."""
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        organisation=organisation,
        college=college,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role]) -> None:
    """Make the user's role groups exactly ``roles`` (other groups are left alone)."""
    wanted = {Role(r).value for r in roles}
    role_groups = Group.objects.filter(name__in=[r.value for r in Role])
    user.groups.remove(*[g for g in role_groups if g.name not in wanted])
    user.groups.add(*[g for g in role_groups if g.name in wanted])
    for cache in ("_portal_access", "_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
