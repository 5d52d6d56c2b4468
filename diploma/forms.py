from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from diploma.models import GeneriekResultaat, Vrijstelling
from dossier.models import Keuzedeel

JA_NEE = [("", _("Nog niet bekend")), ("true", _("Voldaan")), ("false", _("Niet voldaan"))]


class GeneriekForm(forms.Form):
    nederlands_ce = forms.DecimalField(
        localize=True, label=_("Nederlands centraal examen"), required=False, max_digits=3, decimal_places=1
    )
    nederlands_se = forms.DecimalField(
        localize=True, label=_("Nederlands instellingsexamen"), required=False, max_digits=3, decimal_places=1
    )
    engels_ce = forms.DecimalField(
        localize=True, label=_("Engels centraal examen"), required=False, max_digits=3, decimal_places=1
    )
    engels_se = forms.DecimalField(
        localize=True, label=_("Engels instellingsexamen"), required=False, max_digits=3, decimal_places=1
    )
    rekenen = forms.DecimalField(localize=True, label=_("Rekenen"), required=False, max_digits=3, decimal_places=1)
    loopbaan_burgerschap = forms.TypedChoiceField(
        label=_("Loopbaan en burgerschap"),
        choices=JA_NEE,
        required=False,
        coerce=lambda v: v == "true",
        empty_value=None,
    )
    bpv_uren = forms.IntegerField(label=_("BPV-uren"), required=False, min_value=0)
    bpv_voldaan = forms.TypedChoiceField(
        label=_("BPV voldaan"), choices=JA_NEE, required=False, coerce=lambda v: v == "true", empty_value=None
    )
    # Kept with the change in the history (pghistory context), not on the result itself.
    reden = forms.CharField(
        label=_("Reden van de wijziging"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: herkansing, correctie van een invoerfout."),
    )

    @classmethod
    def initial_from(cls, generiek: GeneriekResultaat | None) -> dict:
        if generiek is None:
            return {}
        initial = {name: getattr(generiek, name) for name in cls.base_fields if name != "reden"}
        for name in ("loopbaan_burgerschap", "bpv_voldaan"):
            value = getattr(generiek, name)
            initial[name] = "" if value is None else ("true" if value else "false")
        return initial


class _KeuzedeelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Keuzedeel) -> str:
        return _("%(code)s %(naam)s (%(sbu)s SBU)") % {"code": obj.code, "naam": obj.naam, "sbu": obj.omvang}


class KeuzedeelForm(forms.Form):
    """A keuzedeel from the catalogue (dossier.Keuzedeel, kept in the beheer) with the student's cijfer: code,
    naam and omvang come from the catalogue, never from free text."""

    keuzedeel = _KeuzedeelChoiceField(
        label=_("Keuzedeel"),
        queryset=Keuzedeel.objects.none(),
        to_field_name="code",
        empty_label=_("Kies een keuzedeel"),
        error_messages={"invalid_choice": _("Kies een keuzedeel uit de lijst.")},
    )
    cijfer = forms.DecimalField(localize=True, label=_("Cijfer"), required=False, max_digits=3, decimal_places=1)
    telt_mee = forms.BooleanField(
        label=_("Telt mee voor de keuzedeelverplichting"),
        required=False,
        help_text=_("Niets aangevinkt: de best beoordeelde combinatie die de minimale omvang haalt telt mee."),
    )

    def __init__(self, *args, catalogus: QuerySet[Keuzedeel], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(_KeuzedeelChoiceField, self.fields["keuzedeel"]).queryset = catalogus

    def values(self) -> dict:
        """The keuzedeel_save arguments of the chosen entry; call after is_valid()."""
        keuzedeel = self.cleaned_data["keuzedeel"]
        return {
            "code": keuzedeel.code,
            "naam": keuzedeel.naam,
            "sbu": keuzedeel.omvang,
            "cijfer": self.cleaned_data["cijfer"],
            "telt_mee": self.cleaned_data["telt_mee"],
        }


class VrijstellingForm(forms.Form):
    """A vrijstelling for one generic subject or one keuzedeel; "all keuzedelen" is no longer granted."""

    onderdeel = forms.ChoiceField(
        label=_("Onderdeel"),
        choices=[(v, label) for v, label in Vrijstelling.Onderdeel.choices if v != Vrijstelling.Onderdeel.KEUZEDELEN],
    )
    keuzedeel_code = forms.CharField(
        label=_("Keuzedeelcode"), required=False, max_length=8, help_text=_("Alleen bij een keuzedeel, bijv. K0125.")
    )
    cijfer = forms.DecimalField(
        localize=True, label=_("Cijfer waarop vrijgesteld"), required=False, max_digits=3, decimal_places=1
    )
    reden = forms.CharField(label=_("Reden"), max_length=200)


class CsvForm(forms.Form):
    bestand = forms.FileField(
        label=_("CSV-bestand"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})
    )
