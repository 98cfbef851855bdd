from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from integration.models import Tombstone
from integration.tombstones import RESOURCES


class TombstoneSerializer(serializers.ModelSerializer):
    """A deleted record: delete the row with this id from your copy of the collection."""

    resource = serializers.ChoiceField(
        choices=[(name, name) for name in RESOURCES],
        help_text=_("The collection the record was in, as in its address: /api/v1/<resource>/."),
    )

    class Meta:
        model = Tombstone
        fields = ["id", "resource", "object_id", "natural_key", "base_id", "deleted_at"]
        extra_kwargs = {
            "id": {"help_text": _("The number of this deletion record.")},
            "object_id": {"help_text": _("The id the deleted record had in its collection.")},
            "deleted_at": {"help_text": _("When the record was deleted.")},
        }
