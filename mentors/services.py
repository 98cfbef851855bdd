"""State changes of mentors."""

from django.db import transaction

from accounts.models import College, Organisation, User
from agreements.models import TrainingBase

from .models import Mentor


@transaction.atomic
def mentor_create(
    *,
    kind: Mentor.Kind,
    full_name: str,
    organisation: Organisation,
    college: College | None = None,
    base: TrainingBase | None = None,
    user: User | None = None,
    title: str = "",
    field: str = "",
    phone: str = "",
    email: str = "",
) -> Mentor:
    """Record a supervisor (with a college) or a cooperative mentor (with a base)."""
    mentor = Mentor(
        kind=kind,
        full_name=full_name,
        organisation=organisation,
        college=college,
        base=base,
        user=user,
        title=title,
        field=field,
        phone=phone,
        email=email,
    )
    mentor.full_clean()
    mentor.save()
    return mentor
