"""How far a user's reads reach. Selectors combine these into one filter per model family.

Every page, export, PDF and API endpoint reads through a selector, so a row outside the
user's scope is simply absent: the detail view's ``get_object_or_404`` turns it into a 404.
"""

from typing import Any

from django.db.models import Q
from django.db.models.expressions import Combinable

from .roles import SCOPE_ALL, SCOPE_COLLEGE, SCOPE_MENTORED, SCOPE_OWN, SCOPE_SUPERVISED

NOTHING = Q(pk__in=[])

# A filter condition: a Q object or a boolean expression such as Exists(...).
Condition = Q | Combinable


def is_active_user(user: Any) -> bool:
    """True for a logged-in, active account."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sees_everything(user: Any) -> bool:
    """True for the office, university systems and superusers: university-wide reads."""
    return is_active_user(user) and user.has_perm(SCOPE_ALL)


def scoped(user: Any, **branches: Condition) -> Condition:
    """OR together the branches whose scope the user holds.

    Keywords name scopes: ``college``, ``supervised``, ``mentored``, ``own`` and ``administered``
    (base admins, whose branch the caller builds from guardian grants and always applies).
    """
    perms = {
        "college": SCOPE_COLLEGE,
        "supervised": SCOPE_SUPERVISED,
        "mentored": SCOPE_MENTORED,
        "own": SCOPE_OWN,
    }
    q: Condition = NOTHING
    for name, branch in branches.items():
        if name == "administered" or user.has_perm(perms[name]):
            q = q | branch
    return q
