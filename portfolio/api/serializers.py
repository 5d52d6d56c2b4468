from django.urls import reverse
from rest_framework import serializers

from portfolio.models import (
    Beoordelaarstoewijzing,
    Bestand,
    Bewijsstuk,
    BewijsstukVersie,
    Inschrijving,
    StatusWijziging,
)


class ToewijzingOutput(serializers.ModelSerializer):
    beoordelaar = serializers.CharField(source="beoordelaar.username")

    class Meta:
        model = Beoordelaarstoewijzing
        fields = ["beoordelaar", "rol"]


class InschrijvingOutput(serializers.ModelSerializer):
    student = serializers.CharField(source="student.username")
    student_naam = serializers.CharField(source="student.get_full_name")
    profiel = serializers.CharField(source="profiel.code")
    dossier = serializers.CharField(source="profiel.dossier.crebo")
    cohort = serializers.CharField(source="cohort.schooljaar")
    opleiding = serializers.CharField(source="cohort.opleiding.naam")
    bpv_coach = serializers.CharField(source="bpv_coach.username", allow_null=True, default=None)
    beoordelaars = ToewijzingOutput(source="toewijzingen", many=True)

    class Meta:
        model = Inschrijving
        fields = [
            "id",
            "studentnummer",
            "student",
            "student_naam",
            "profiel",
            "dossier",
            "opleiding",
            "cohort",
            "leerweg",
            "startdatum",
            "leerbedrijf",
            "bpv_coach",
            "beoordelaars",
        ]


class BestandOutput(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Bestand
        fields = ["id", "naam", "grootte", "mime", "sha256", "download"]

    def get_download(self, obj: Bestand) -> str:
        return reverse("bewijsstuk-bestand", kwargs={"pk": obj.versie.bewijsstuk_id, "bestand_id": obj.pk})


class VersieOutput(serializers.ModelSerializer):
    criteria: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    bestanden = BestandOutput(many=True)
    feedback_by = serializers.CharField(source="feedback_by.username", allow_null=True, default=None)

    class Meta:
        model = BewijsstukVersie
        fields = [
            "nummer",
            "reflectie",
            "criteria",
            "bestanden",
            "created_at",
            "submitted_at",
            "feedback",
            "feedback_by",
            "feedback_at",
        ]


class StatusWijzigingOutput(serializers.ModelSerializer):
    door = serializers.CharField(source="door.username")

    class Meta:
        model = StatusWijziging
        fields = ["van", "naar", "door", "at", "toelichting"]


class BewijsstukOutput(serializers.ModelSerializer):
    werkproces = serializers.CharField(source="werkproces.code")
    inschrijving: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Bewijsstuk
        fields = ["id", "inschrijving", "werkproces", "titel", "status", "submitted_at", "created_at", "updated_at"]


class BewijsstukDetailOutput(BewijsstukOutput):
    versies = VersieOutput(many=True)
    geschiedenis = StatusWijzigingOutput(source="statuswijzigingen", many=True)

    class Meta(BewijsstukOutput.Meta):
        fields = [*BewijsstukOutput.Meta.fields, "versies", "geschiedenis"]


class BewijsstukCreateInput(serializers.Serializer):
    inschrijving = serializers.IntegerField()
    werkproces = serializers.CharField(help_text="Code van het werkproces, bijv. B1-K1-W1.")
    titel = serializers.CharField(max_length=200)
    reflectie = serializers.CharField(required=False, allow_blank=True, default="")
    criteria = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class BewijsstukUpdateInput(serializers.Serializer):
    titel = serializers.CharField(max_length=200, required=False)
    reflectie = serializers.CharField(required=False, allow_blank=True)
    criteria = serializers.ListField(child=serializers.IntegerField(), required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    remove_files = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class FeedbackInput(serializers.Serializer):
    feedback = serializers.CharField()
