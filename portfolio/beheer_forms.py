from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from dossier.models import Kwalificatiedossier, Profiel
from portfolio.models import Inschrijving, Opleiding


class OpleidingForm(forms.ModelForm):
    class Meta:
        model = Opleiding
        fields = ["naam", "dossier"]


class CohortForm(forms.Form):
    opleiding = forms.ModelChoiceField(label=_("Opleiding"), queryset=Opleiding.objects.all())
    startjaar = forms.IntegerField(
        label=_("Startjaar"), min_value=2000, max_value=2100, help_text=_("2025 voor 2025-2026.")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


def beoordelaars_queryset():
    group = Group.objects.filter(name=Role.BEOORDELAAR.value).first()
    return User.objects.filter(groups=group).order_by("last_name", "username") if group else User.objects.none()


class InschrijvingForm(forms.Form):
    gebruikersnaam = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    voornaam = forms.CharField(label=_("Voornaam"), max_length=150)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    studentnummer = forms.RegexField(
        label=_("Studentnummer"),
        regex=r"^[A-Za-z0-9-]{1,20}$",
        help_text=_("Het nummer van de school, nooit het BSN."),
        error_messages={"invalid": _("Alleen letters, cijfers en streepjes, hoogstens 20 tekens.")},
    )
    profiel = forms.ModelChoiceField(label=_("Profiel (kwalificatie)"), queryset=Profiel.objects.none())
    leerweg = forms.ChoiceField(label=_("Leerweg"), choices=Inschrijving.Leerweg.choices)
    startdatum = forms.DateField(label=_("Startdatum"), widget=forms.DateInput(attrs={"type": "date"}))
    leerbedrijf = forms.CharField(label=_("BPV-plaats (leerbedrijf)"), required=False, max_length=200)
    praktijkbeoordelaar = UserChoiceField(label=_("Praktijkbeoordelaar"), queryset=User.objects.none(), required=False)
    schoolbeoordelaar = UserChoiceField(label=_("Schoolbeoordelaar"), queryset=User.objects.none(), required=False)
    bpv_coach = UserChoiceField(label=_("BPV-coach"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, dossier: Kwalificatiedossier, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profiel"].queryset = Profiel.objects.filter(dossier=dossier)
        beoordelaars = beoordelaars_queryset()
        self.fields["praktijkbeoordelaar"].queryset = beoordelaars
        self.fields["schoolbeoordelaar"].queryset = beoordelaars
        self.fields["bpv_coach"].queryset = User.objects.exclude(groups__name=Role.STUDENT.value).order_by("username")

    def clean(self) -> dict:
        data = super().clean()
        praktijk, school = data.get("praktijkbeoordelaar"), data.get("schoolbeoordelaar")
        if praktijk and school and praktijk == school:
            raise forms.ValidationError(_("De praktijk- en de schoolbeoordelaar moeten verschillende personen zijn."))
        return data


class CsvUploadForm(forms.Form):
    bestand = forms.FileField(
        label=_("CSV-bestand"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})
    )
