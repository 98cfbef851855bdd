"""The demo world: every role has a login, the world is coherent, and a second run changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.management.commands.seed_demo import DEMO_LOGINS, DEMO_PASSWORD
from accounts.models import User
from accounts.roles import roles_of
from agreements.models import Agreement
from agreements.selectors import bases_visible_to
from students.models import Placement

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every project model, so any change shows."""
    rows = {}
    for label in ("accounts", "agreements", "mentors", "students"):
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = sorted(map(tuple, model.objects.values_list()), key=repr)
    return rows


def test_seed_demo_twice_changes_nothing() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert DEMO_PASSWORD in out.getvalue()
    before = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == before


def test_every_demo_login_works_with_its_role() -> None:
    call_command("seed_demo", stdout=StringIO())
    for username, role in DEMO_LOGINS.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert roles_of(user) == [role]


def test_demo_world_covers_stages_and_agreement_states() -> None:
    call_command("seed_demo", stdout=StringIO())
    assert set(Placement.objects.values_list("stage", flat=True)) == set(Placement.Stage.values)
    statuses = {a.status for a in Agreement.objects.all()}
    assert {"draft", "in_force", "expired", "terminated"} <= statuses
    assert Agreement.objects.filter(predecessor__isnull=False).exists()
    # The two base admins sit on different enterprises and see disjoint bases.
    mine = set(bases_visible_to(User.objects.get(username="baseadmin")))
    theirs = set(bases_visible_to(User.objects.get(username="baseadmin2")))
    assert mine
    assert theirs
    assert not (mine & theirs)
