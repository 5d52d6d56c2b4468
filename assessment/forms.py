from django import forms
from django.utils.translation import gettext_lazy as _

from assessment import rules


class ScoresForm(forms.Form):
    """One score (and remark) per criterion on the voorschrift's scale; built per beoordeling."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    feedback = forms.CharField(
        label=_("Feedback voor de student"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args,
        scale: rules.Scale,
        criteria: list,
        with_remarks: bool = True,
        disabled: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        # The blank choice lets an assessor take a score back while the beoordeling is a draft.
        choices = [("", _("Geen score")), *scale.choices]
        for criterium in criteria:
            self.fields[f"waarde_{criterium.pk}"] = forms.ChoiceField(
                label=criterium.tekst, choices=choices, required=False, widget=forms.RadioSelect
            )
            if with_remarks:
                self.fields[f"opmerking_{criterium.pk}"] = forms.CharField(
                    label=_("Opmerking"), required=False, widget=forms.Textarea(attrs={"rows": 1})
                )
        if disabled:
            for name, field in self.fields.items():
                if name != "version":
                    field.disabled = True

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


class VoorschriftForm(forms.ModelForm):
    class Meta:
        from assessment.models import Beoordelingsvoorschrift

        model = Beoordelingsvoorschrift
        fields = [
            "schaal",
            "slaagregel",
            "cesuur_procent",
            "goed_vanaf_procent",
            "twee_beoordelaars",
            "kerntaak_cijfers",
            "kritische_criteria",
        ]
        widgets = {"kritische_criteria": forms.CheckboxSelectMultiple}

    def __init__(self, *args, criteria_queryset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kritische_criteria"]
        field.queryset = criteria_queryset
        field.label_from_instance = lambda c: f"{c.werkproces.code} · {c.tekst}"

    def clean(self) -> dict:
        data = super().clean()
        try:
            rules.WerkprocesRule(
                scale=rules.get_scale(data.get("schaal") or "ovg"),
                pass_rule=data.get("slaagregel") or "geen_onvoldoende",
                cesuur_percent=data.get("cesuur_procent"),
                goed_vanaf_percent=data.get("goed_vanaf_procent"),
            )
            if data.get("kerntaak_cijfers"):
                rules.validate_kerntaak_cijfers(data["kerntaak_cijfers"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data
