"""API lists read flat (``.values()``) give exactly what the serializers give, page links included."""

from typing import Any

import pytest

from base_portal.api_urls import router
from integration.api.viewsets import SyncedViewSet, _flat_fields
from tests import factories
from tests.conftest import Cast

from .support import COLLECTIONS, token_client

pytestmark = pytest.mark.django_db
VIEWSETS = {prefix: viewset for prefix, viewset, _basename in router.registry}
# The collections whose serializers read only columns and to-one relations: they must stay flat.
FLAT = {"bases", "students", "placements", "mentors", "appointments", "assessments", "allowance-payments"}


def pages(client: Any, collection: str) -> list[dict[str, Any]]:
    """Every page of the collection, two rows at a time, without the moment of the answer."""
    answers, url = [], f"/api/v1/{collection}/?page_size=2"
    while url:
        body = client.get(url).json()
        body.pop("sync_time")
        answers.append(body)
        url = body["next"]
    return answers


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_flat_list_is_the_serializers_list(cast: Cast, collection: str, monkeypatch: pytest.MonkeyPatch) -> None:
    client = token_client(cast.users["office"])
    factories.StudentFactory(college=cast.college_mee).delete()  # a deletion to list
    flat = pages(client, collection)
    monkeypatch.setattr(VIEWSETS[collection], "flat_list", False)
    assert flat == pages(client, collection)
    assert sum(len(page["results"]) for page in flat) > 0, "the cast has rows in every collection"


def test_the_collections_that_can_be_read_flat_are(cast: Cast) -> None:
    flat = set()
    for prefix, viewset in VIEWSETS.items():
        assert issubclass(viewset, SyncedViewSet)
        if _flat_fields(viewset.serializer_class()) is not None:
            flat.add(prefix)
    assert flat >= FLAT
