from typing import cast

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
    """The cohort's voorschrift; kerntaak_cijfers is a checkbox and one cijfer per niveau, never raw JSON."""

    # niveau → form field; the stored kerntaak_cijfers is {"onvoldoende": 4, "voldoende": 6, "goed": 8} or null.
    CIJFER_FIELDS = {
        rules.Niveau.ONVOLDOENDE: "cijfer_onvoldoende",
        rules.Niveau.VOLDOENDE: "cijfer_voldoende",
        rules.Niveau.GOED: "cijfer_goed",
    }

    kerntaak_cijfers_aan = forms.BooleanField(
        label=_("Kerntaken krijgen een cijfer"),
        required=False,
        help_text=_(
            "Alleen als de school kerntaken met cijfers waardeert: het cijfer bij elke uitslag, 1 tot en met 10."
        ),
    )
    cijfer_onvoldoende = forms.IntegerField(
        label=_("Cijfer bij onvoldoende"), required=False, widget=forms.NumberInput(attrs={"min": 1, "max": 10})
    )
    cijfer_voldoende = forms.IntegerField(
        label=_("Cijfer bij voldoende"), required=False, widget=forms.NumberInput(attrs={"min": 1, "max": 10})
    )
    cijfer_goed = forms.IntegerField(
        label=_("Cijfer bij goed"), required=False, widget=forms.NumberInput(attrs={"min": 1, "max": 10})
    )

    field_order = [
        "schaal",
        "slaagregel",
        "cesuur_procent",
        "goed_vanaf_procent",
        "twee_beoordelaars",
        "kerntaak_goed_vanaf_procent",
        "telt_poging",
        "kerntaak_cijfers_aan",
        *CIJFER_FIELDS.values(),
        "kritische_criteria",
    ]

    class Meta:
        from assessment.models import Beoordelingsvoorschrift

        model = Beoordelingsvoorschrift
        fields = [
            "schaal",
            "slaagregel",
            "cesuur_procent",
            "goed_vanaf_procent",
            "twee_beoordelaars",
            "kerntaak_goed_vanaf_procent",
            "telt_poging",
            "kritische_criteria",
        ]
        widgets = {"kritische_criteria": forms.CheckboxSelectMultiple}

    def __init__(self, *args, criteria_queryset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Older clients post no choice here: the school's default, the latest attempt, then counts.
        self.fields["telt_poging"].required = False
        field = cast(forms.ModelMultipleChoiceField, self.fields["kritische_criteria"])
        field.queryset = criteria_queryset
        # the model's own M2M field, labelled per instance (stubs see a method, not an attribute)
        field.label_from_instance = lambda c: f"{c.werkproces.code} · {c.tekst}"  # type: ignore[assignment]
        stored = self.instance.kerntaak_cijfers
        if isinstance(stored, dict) and stored:
            self.initial.setdefault("kerntaak_cijfers_aan", True)
            for niveau, name in self.CIJFER_FIELDS.items():
                self.initial.setdefault(name, stored.get(niveau))

    def cijfer_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CIJFER_FIELDS.values()]

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        try:
            rules.WerkprocesRule(
                scale=rules.get_scale(data.get("schaal") or "ovg"),
                pass_rule=data.get("slaagregel") or rules.PassRule.GEEN_ONVOLDOENDE,
                cesuur_percent=data.get("cesuur_procent"),
                goed_vanaf_percent=data.get("goed_vanaf_procent"),
            )
        except ValueError as exc:
            self.add_error(None, str(exc))
        data["telt_poging"] = data.get("telt_poging") or "laatste"
        kerntaak_goed = data.get("kerntaak_goed_vanaf_procent")
        if kerntaak_goed is not None and not 0 < kerntaak_goed <= 100:
            self.add_error(
                "kerntaak_goed_vanaf_procent", _("Kies een percentage groter dan 0 en hoogstens 100, of laat het leeg.")
            )
        data["kerntaak_cijfers"] = self._kerntaak_cijfers(data)
        return data

    def _kerntaak_cijfers(self, data: dict) -> dict[str, int] | None:
        names = self.CIJFER_FIELDS.values()
        if not data.get("kerntaak_cijfers_aan"):
            # Without the checkbox the numbers do not count, not even one that is no number.
            for name in names:
                self.errors.pop(name, None)
            return None
        if any(name in self.errors for name in names):
            return None
        cijfers = {str(niveau): data[name] for niveau, name in self.CIJFER_FIELDS.items() if data.get(name) is not None}
        try:
            rules.validate_kerntaak_cijfers(cijfers)
        except ValueError as exc:
            self.add_error("kerntaak_cijfers_aan", str(exc))
            return None
        return cijfers

    def save(self, commit: bool = True):
        self.instance.kerntaak_cijfers = self.cleaned_data["kerntaak_cijfers"]
        return super().save(commit=commit)
