"""The OpenAPI contract: every operation lists the errors it can answer with, every field is described."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .errors import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": _("The request's parameters or data are invalid; errors lists each problem."),
    "401": _("No credentials, or a token that is unknown, revoked or expired."),
    "403": _("The account or the token's scopes do not allow this."),
    "404": _("No such record among those the caller may see, or an invalid cursor."),
    "415": _("The request body is not JSON."),
    "422": _("The data is well-formed, but the portal's rules refuse it (an unknown college, say)."),
    "429": _("Too many requests with this token; retry after the Retry-After header's seconds."),
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the shared error responses added to every operation."""

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403", "404", "429"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes.extend(["415", "422"])
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    ErrorSerializer, code, direction=direction
                )
                response["description"] = str(ERROR_DESCRIPTIONS[code])
                responses[code] = response
        return responses


def describe_every_field(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: a property without a description gets its title (the model's verbose name)."""
    for component in result.get("components", {}).get("schemas", {}).values():
        for name, prop in component.get("properties", {}).items():
            if prop.get("description") or not prop.get("title"):
                continue
            if "$ref" in prop:  # siblings of $ref are ignored; wrap it the way drf-spectacular does
                component["properties"][name] = {"allOf": [{"$ref": prop.pop("$ref")}], **prop}
            component["properties"][name]["description"] = prop["title"]
    return result


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Describes ``Authorization: Bearer <key>`` in the schema."""

    target_class = "integration.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(_("An API token issued by the graduate office, sent as Authorization: Bearer <key>.")),
        }
