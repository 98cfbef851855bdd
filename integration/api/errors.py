"""One shape for every API error: a machine-readable code, a message in the user's language
(Chinese unless they switched), and the field errors, each with its own code.

    {"code": "invalid", "message": "…",
     "errors": [{"field": "college", "code": "does_not_exist", "message": "…"}]}
"""

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

API_PREFIX = "/api/"


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text=gettext_lazy("The field at fault, dotted for nested values (0.college); empty for the whole request.")
    )
    code = serializers.CharField(help_text=gettext_lazy("What is wrong, for programs: required, invalid, unique, …"))
    message = serializers.CharField(help_text=gettext_lazy("What is wrong, for people."))


class ErrorSerializer(serializers.Serializer):
    """Every error the API returns has this shape."""

    code = serializers.CharField(
        help_text=gettext_lazy(
            "The kind of error, for programs: invalid, rejected, parse_error, not_authenticated, "
            "authentication_failed, permission_denied, insufficient_scope, not_found, method_not_allowed, "
            "unsupported_media_type, throttled, server_error."
        )
    )
    message = serializers.CharField(help_text=gettext_lazy("What went wrong, for people."))
    errors = ErrorItemSerializer(many=True, help_text=gettext_lazy("Each problem with the request's data."))


class Unprocessable(exceptions.ValidationError):
    """Well-formed data the portal's rules refuse: an unknown college, a rule of the agreement."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


def body(code: str, message: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "errors": errors or []}


def _items(detail: Any, codes: Any, path: str = "") -> Iterator[dict[str, str]]:
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            yield from _items(value, codes[key], f"{path}.{name}" if path and name else path or name)
    elif isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            for item, code in zip(detail, codes, strict=True):
                yield {"field": path, "code": str(code), "message": str(item)}
        else:
            for index, (item, code) in enumerate(zip(detail, codes, strict=True)):
                yield from _items(item, code, f"{path}.{index}" if path else str(index))
    else:
        yield {"field": path, "code": str(codes), "message": str(detail)}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with Django's ValidationError from the services mapped and the body reshaped."""
    if isinstance(exc, DjangoValidationError):
        exc = Unprocessable(detail=serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Unprocessable):
        errors = list(_items(exc.detail, exc.get_codes()))
        response.data = body("rejected", _("The portal's rules refuse this data; each reason is under errors."), errors)
    elif isinstance(exc, exceptions.ValidationError):
        errors = list(_items(exc.detail, exc.get_codes()))
        response.data = body("invalid", _("The request has errors; each is listed under errors."), errors)
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes()
        response.data = body(code if isinstance(code, str) else "error", str(exc.detail))
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """JSON under /api/ (an address no route matches), the usual page elsewhere."""
    if _is_api(request):
        return JsonResponse(body("not_found", _("There is nothing at this address.")), status=status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """JSON under /api/, the usual page elsewhere. Nothing about the failure is shown."""
    if _is_api(request):
        return JsonResponse(
            body("server_error", _("The server failed to answer. The error has been logged; try again later.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    return defaults.server_error(request)
