from typing import cast

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role, has_role
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


# -- the rules of an enrolment, shared by InschrijvingForm and the CSV import (portfolio.csv_import) -----
# Each returns the reason the user is refused, or None. `name` is how the coordinator wrote the user:
# the username in the form, the value of the cell in a CSV file. Roles come from `has_role`, so a caller
# that checks many users fills their role cache in one query first.


def beoordelaar_refusal(user: User, *, name: str) -> str | None:
    """A praktijk- or schoolbeoordelaar must be in the beoordelaar group."""
    if has_role(user, Role.BEOORDELAAR):
        return None
    return gettext("'%(naam)s' is geen beoordelaar; alleen gebruikers in de groep beoordelaars kunnen beoordelen.") % {
        "naam": name
    }


def bpv_coach_refusal(coach: User, *, name: str, beoordelaars: list[User]) -> str | None:
    """The BPV-coach is no student, and does not also assess the student they coach."""
    if has_role(coach, Role.STUDENT):
        return gettext("'%(naam)s' is een student en kan geen BPV-coach zijn.") % {"naam": name}
    if any(beoordelaar.pk == coach.pk for beoordelaar in beoordelaars):
        return gettext("'%(naam)s' is de BPV-coach van deze student en kan niet ook beoordelaar zijn.") % {"naam": name}
    return None


def student_account_refusal(user: User, *, name: str) -> str | None:
    """An existing superuser, staff, coordinator, beheerder or examencommissie account is never enrolled as a
    student (a member of the examencommissie is no candidate of the exams it oversees)."""
    if user.is_superuser or user.is_staff or has_role(user, Role.COORDINATOR) or has_role(user, Role.BEHEERDER):
        return gettext(
            "'%(naam)s' is een beheerders- of coördinatoraccount en kan niet als student worden ingeschreven."
        ) % {"naam": name}
    if has_role(user, Role.EXAMENCOMMISSIE):
        return gettext("'%(naam)s' is lid van een examencommissie en kan niet als student worden ingeschreven.") % {
            "naam": name
        }
    return None


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
        cast(forms.ModelChoiceField, self.fields["profiel"]).queryset = Profiel.objects.filter(dossier=dossier)
        beoordelaars = beoordelaars_queryset()
        cast(UserChoiceField, self.fields["praktijkbeoordelaar"]).queryset = beoordelaars
        cast(UserChoiceField, self.fields["schoolbeoordelaar"]).queryset = beoordelaars
        staff = User.objects.exclude(groups__name=Role.STUDENT.value).order_by("username")
        cast(UserChoiceField, self.fields["bpv_coach"]).queryset = staff

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        praktijk, school = data.get("praktijkbeoordelaar"), data.get("schoolbeoordelaar")
        if praktijk and school and praktijk == school:
            raise forms.ValidationError(_("De praktijk- en de schoolbeoordelaar moeten verschillende personen zijn."))
        for field in ("praktijkbeoordelaar", "schoolbeoordelaar"):
            if data.get(field) and (refusal := beoordelaar_refusal(data[field], name=data[field].username)):
                self.add_error(field, refusal)
        coach = data.get("bpv_coach")
        beoordelaars = [user for user in (praktijk, school) if user]
        if coach and (refusal := bpv_coach_refusal(coach, name=coach.username, beoordelaars=beoordelaars)):
            self.add_error("bpv_coach", refusal)
        username = data.get("gebruikersnaam")
        existing = User.objects.filter(username=username).first() if username else None
        if existing and (refusal := student_account_refusal(existing, name=existing.username)):
            self.add_error("gebruikersnaam", refusal)
        return data


class CsvUploadForm(forms.Form):
    bestand = forms.FileField(
        label=_("CSV-bestand"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})
    )
