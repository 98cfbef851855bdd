"""Visibility: exactly which rows each persona reaches, in lists as well as details."""

import pytest

from agreements.selectors import agreements_visible_to, bases_visible_to
from agreements.services import base_revoke_admin
from mentors.selectors import mentors_visible_to
from students.selectors import placements_visible_to, students_visible_to

from .conftest import Cast

A, B = "A", "B"


def sides(cast: Cast, persona: str) -> dict[str, set[str]]:
    user = cast.user(persona)
    named = {
        cast.base_a.pk: A,
        cast.base_b.pk: B,
    }
    return {
        "bases": {named[b.pk] for b in bases_visible_to(user)},
        "agreements": {named[a.base_id] for a in agreements_visible_to(user)},
        # The selected (not yet placed) student of side A belongs to college MEE, like student A.
        "students": {A if s in (cast.student_a, cast.selection_a.student) else B for s in students_visible_to(user)},
        "placements": {named[p.base_id] for p in placements_visible_to(user)},
    }


EVERYTHING = {"bases": {A, B}, "agreements": {A, B}, "students": {A, B}, "placements": {A, B}}
SIDE_A = {"bases": {A}, "agreements": {A}, "students": {A}, "placements": {A}}
SIDE_B = {"bases": {B}, "agreements": {B}, "students": {B}, "placements": {B}}
# Supervisors, mentors and students see the base but not the agreement between the parties.
SIDE_A_NO_AGREEMENT = {**SIDE_A, "agreements": set()}
NOTHING: dict[str, set[str]] = {"bases": set(), "agreements": set(), "students": set(), "placements": set()}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office", EVERYTHING),
        ("api_client", EVERYTHING),
        ("college", SIDE_A),
        ("supervisor", SIDE_A_NO_AGREEMENT),
        ("baseadmin", SIDE_A),
        ("baseadmin2", SIDE_B),
        ("mentor", SIDE_A_NO_AGREEMENT),
        ("student", SIDE_A_NO_AGREEMENT),
        ("outsider", NOTHING),
        ("anonymous", NOTHING),
    ],
)
def test_each_persona_sees_exactly_its_side(cast: Cast, persona: str, expected: dict[str, set[str]]) -> None:
    if persona == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        cast.users["anonymous"] = AnonymousUser()  # type: ignore[assignment]
    assert sides(cast, persona) == expected


def test_mentors_see_each_other_only_through_a_shared_student(cast: Cast) -> None:
    seen = set(mentors_visible_to(cast.users["mentor"]))
    assert seen == {cast.mentor_a, cast.supervisor_mentor}
    seen = set(mentors_visible_to(cast.users["supervisor"]))
    assert seen == {cast.mentor_a, cast.supervisor_mentor}
    assert set(mentors_visible_to(cast.users["baseadmin2"])) == {cast.mentor_b, cast.supervisor_b}


def test_a_student_counts_once_however_many_paths_reach_them(cast: Cast) -> None:
    from tests import factories

    # A second placement of student A at base A: still one row in the list.
    factories.PlacementFactory(student=cast.student_a, base=cast.base_a, cooperative_mentor=cast.mentor_a)
    assert students_visible_to(cast.users["baseadmin"]).count() == 1


def test_inactive_users_see_nothing(cast: Cast) -> None:
    office = cast.users["office"]
    office.is_active = False
    office.save()
    assert not bases_visible_to(office).exists()
    assert not students_visible_to(office).exists()


def test_revoking_base_admin_removes_access(cast: Cast) -> None:
    admin = cast.users["baseadmin"]
    base_revoke_admin(base=cast.base_a, user=admin)
    assert not bases_visible_to(admin).exists()
    assert not students_visible_to(admin).exists()
