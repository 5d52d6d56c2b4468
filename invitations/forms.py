from django import forms
from django.utils.translation import gettext_lazy as _


class UitnodigingForm(forms.Form):
    naam = forms.CharField(label=_("Naam van de praktijkbeoordelaar"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit de mail"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*", "autofocus": True}
        ),
    )
