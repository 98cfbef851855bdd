"""Cross-cutting permission helpers for pages and the API.

Two layers, never mixed: a *role-level* model permission decides whether a user may open a
kind of page at all (403 otherwise), and the app's selector decides which rows they reach
(a row outside their scope is a 404).
"""

from rest_framework.permissions import DjangoModelPermissions


class HasModelViewPermission(DjangoModelPermissions):
    """DRF: reads need the model's ``view`` permission, writes the usual add/change/delete."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }
