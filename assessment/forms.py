from django import forms
from django.utils.translation import gettext_lazy as _

from assessment import rules


class ScoresForm(forms.Form):
    """One score (and remark) per criterion on the voorschrift's scale; built per beoordeling."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    feedback = forms.CharField(
        label=_("Feedback voor de student"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, scale: rules.Scale, criteria: list, with_remarks: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        choices = [("", "—"), *scale.choices]
        for criterium in criteria:
            self.fields[f"waarde_{criterium.pk}"] = forms.ChoiceField(
                label=criterium.tekst, choices=choices, required=False, widget=forms.RadioSelect
            )
            if with_remarks:
                self.fields[f"opmerking_{criterium.pk}"] = forms.CharField(
                    label=_("Opmerking"), required=False, widget=forms.Textarea(attrs={"rows": 1})
                )

    def scores(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {c.pk: (data.get(f"waarde_{c.pk}") or "", data.get(f"opmerking_{c.pk}") or "") for c in self.criteria}

    def rows(self):
        for criterium in self.criteria:
            yield (
                criterium,
                self[f"waarde_{criterium.pk}"],
                self.fields.get(f"opmerking_{criterium.pk}") and self[f"opmerking_{criterium.pk}"],
            )


class StartForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort beoordeling"),
        choices=[("formatief", _("Formatief (alleen feedback)")), ("examen", _("Examen (telt mee)"))],
        widget=forms.RadioSelect,
    )


class CorrectieForm(forms.Form):
    reden = forms.CharField(label=_("Reden van de correctie"), widget=forms.Textarea(attrs={"rows": 3}))
