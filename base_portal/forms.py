"""Form helpers shared by every app's pages."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class DateInput(forms.DateInput):
    """The browser's own date picker; values travel as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def attach_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Sent by htmx when a field of a form page changes (templates/form_page.html): the form is checked
# and shown again with its errors, and nothing is saved. The value names the field.
VALIDATE_HEADER = "HX-Validate"


def is_validation(request: HttpRequest) -> bool:
    return request.method == "POST" and VALIDATE_HEADER in request.headers


def handle_form(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], Any],
    *,
    template: str = "form_page.html",
    context: dict[str, Any],
    success_url: str | Callable[[Any], str],
    success_message: "str | _StrPromise",
) -> HttpResponse:
    """Run ``action`` on valid POSTed data; on a refusal, show it on the form. Nothing is half-saved,
    because every service runs in one transaction.

    A validation request (a field just changed) only checks the form: the page comes back with
    the field's errors, for htmx to put beside it, and ``action`` does not run.
    """
    if is_validation(request):
        form.is_valid()
        return render(request, template, {**context, "form": form, "validate_live": True})
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form, "validate_live": True}, status=status)
