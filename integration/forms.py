from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from base_portal.forms import DateInput

from .models import Scope


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.username} ({obj.username})"


class TokenIssueForm(forms.Form):
    name = forms.CharField(
        label=_("Client"),
        max_length=100,
        help_text=_(
            "The system or person that will use the token, e.g. the graduate management system (nightly student sync)."
        ),
    )
    user = UserChoiceField(
        label=_("Acts as account"),
        queryset=User.objects.filter(is_active=True).order_by("username"),
        help_text=_(
            "The token sees exactly what this account sees. For a university system, use an account "
            "with the API client role; for a base admin's own token, their account."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        initial=[Scope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A scope never gives more than the account's role allows."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=DateInput, help_text=_("Leave empty for no expiry.")
    )


class TokenFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("active", _("In use")), ("expired", _("Expired")), ("revoked", _("Revoked"))],
    )
