"""Organisations, users and the role groups."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Organisation, User
from accounts.roles import ROLE_PERMISSIONS, Role, has_role, roles_of, roles_sync
from accounts.services import organisation_create, user_create, user_set_roles
from tests import factories

pytestmark = pytest.mark.django_db


def test_enterprise_needs_a_valid_credit_code() -> None:
    with pytest.raises(ValidationError) as excinfo:
        organisation_create(kind=Organisation.Kind.ENTERPRISE, name="无代码企业")
    assert "credit_code" in str(excinfo.value) or excinfo.value.messages
    with pytest.raises(ValidationError):
        organisation_create(kind=Organisation.Kind.ENTERPRISE, name="错码企业", credit_code="91350100M000100Y44")
    assert not Organisation.objects.exists()
    org = organisation_create(kind=Organisation.Kind.ENTERPRISE, name="正常企业", credit_code="91350100M000100Y43")
    assert org.pk


def test_database_refuses_an_enterprise_without_code() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(kind=Organisation.Kind.ENTERPRISE, name="绕过校验")


def test_credit_codes_are_unique() -> None:
    factories.EnterpriseFactory(credit_code="91350100M000100Y43")
    with pytest.raises(ValidationError):
        organisation_create(kind=Organisation.Kind.ENTERPRISE, name="重复", credit_code="91350100M000100Y43")


def test_user_has_one_name_field() -> None:
    assert not hasattr(User, "first_name") or User.first_name is None  # type: ignore[comparison-overlap]
    user = factories.UserFactory(full_name="欧阳娜娜")
    assert user.get_full_name() == "欧阳娜娜"
    assert str(user) == "欧阳娜娜"


def test_roles_sync_is_idempotent_and_exact() -> None:
    roles_sync()
    first = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    roles_sync()
    second = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert first == second
    assert set(first) == {r.value for r in Role}
    for role, names in ROLE_PERMISSIONS.items():
        assert first[role.value] == {n.split(".", 1)[1] for n in names}


def test_roles_sync_restores_a_hand_edited_group() -> None:
    roles_sync()
    office = Group.objects.get(name=Role.OFFICE)
    office.permissions.clear()
    roles_sync()
    assert office.permissions.count() == len(ROLE_PERMISSIONS[Role.OFFICE])


def test_user_create_and_set_roles() -> None:
    roles_sync()
    user = user_create(username="zhang", full_name="张三", roles=[Role.COLLEGE], password="S3cure-pass-word")
    assert user.check_password("S3cure-pass-word")
    assert roles_of(user) == [Role.COLLEGE]
    assert user.has_perm("accounts.view_college_records")
    user_set_roles(user=user, roles=[Role.SUPERVISOR, Role.STUDENT])
    user = User.objects.get(pk=user.pk)
    assert roles_of(user) == [Role.SUPERVISOR, Role.STUDENT]
    assert has_role(user, Role.STUDENT)
    assert not user.has_perm("accounts.view_college_records")


def test_user_without_password_cannot_log_in() -> None:
    user = user_create(username="nopass", full_name="无密码")
    assert not user.has_usable_password()
