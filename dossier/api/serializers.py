from rest_framework import serializers

from dossier.models import (
    Criterium,
    Kerntaak,
    Kwalificatiedossier,
    Profiel,
    Werkproces,
    WerkprocesAanvulling,
    WerkprocesCompetentie,
)


class ProfielOutput(serializers.ModelSerializer):
    dossier = serializers.CharField(source="dossier.crebo", read_only=True)

    class Meta:
        model = Profiel
        fields = [
            "id",
            "code",
            "naam",
            "crebo",
            "dossier",
            "niveau",
            "typering",
            "studieduur",
            "wettelijke_beroepsvereisten",
            "branchevereisten",
        ]


class ProfielBriefOutput(serializers.ModelSerializer):
    class Meta:
        model = Profiel
        fields = ["id", "code", "naam", "crebo", "niveau"]


class DossierOutput(serializers.ModelSerializer):
    profielen = ProfielBriefOutput(many=True, read_only=True)

    class Meta:
        model = Kwalificatiedossier
        fields = ["id", "crebo", "naam", "volgnummer", "versie", "geldig_vanaf", "profielen"]


class DossierVersieOutput(serializers.ModelSerializer):
    in_gebruik = serializers.BooleanField(help_text="Een cohort of student gebruikt deze versie: de tekst ligt vast.")

    class Meta:
        model = Kwalificatiedossier
        fields = ["id", "crebo", "naam", "volgnummer", "versie", "geldig_vanaf", "created_at", "in_gebruik"]


class WerkprocesDiffOutput(serializers.Serializer):
    code = serializers.CharField()
    toegevoegd = serializers.ListField(child=serializers.CharField(), source="added")
    verwijderd = serializers.ListField(child=serializers.CharField(), source="removed")
    anders_verwoord = serializers.SerializerMethodField()
    verplaatst = serializers.ListField(child=serializers.CharField(), source="moved")

    def get_anders_verwoord(self, diff) -> list[dict[str, str]]:
        return [{"oud": old, "nieuw": new} for old, new in diff.reworded]


class DiffOutput(serializers.Serializer):
    van = serializers.IntegerField()
    naar = serializers.IntegerField()
    profiel = serializers.CharField(allow_null=True)
    werkprocessen_toegevoegd = serializers.ListField(child=serializers.CharField())
    werkprocessen_verwijderd = serializers.ListField(child=serializers.CharField())
    werkprocessen = WerkprocesDiffOutput(many=True)


class WerkprocesBriefOutput(serializers.ModelSerializer):
    class Meta:
        model = Werkproces
        fields = ["id", "code", "titel"]


class KerntaakOutput(serializers.ModelSerializer):
    dossier = serializers.CharField(source="dossier.crebo", read_only=True)
    profiel = serializers.CharField(source="profiel.code", read_only=True, allow_null=True, default=None)
    werkprocessen = WerkprocesBriefOutput(many=True, read_only=True)

    class Meta:
        model = Kerntaak
        fields = [
            "id",
            "code",
            "titel",
            "dossier",
            "profiel",
            "complexiteit",
            "verantwoordelijkheid",
            "werkprocessen",
        ]


class CriteriumOutput(serializers.ModelSerializer):
    profiel = serializers.CharField(source="profiel.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Criterium
        fields = ["id", "soort", "tekst", "profiel"]


class CompetentieOutput(serializers.ModelSerializer):
    naam = serializers.CharField(source="competentie.naam", read_only=True)
    profiel = serializers.CharField(source="profiel.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = WerkprocesCompetentie
        fields = ["naam", "profiel"]


class AanvullingOutput(serializers.ModelSerializer):
    profiel = serializers.CharField(source="profiel.code", read_only=True)

    class Meta:
        model = WerkprocesAanvulling
        fields = ["profiel", "omschrijving"]


class WerkprocesOutput(serializers.ModelSerializer):
    kerntaak = serializers.CharField(source="kerntaak.code", read_only=True)
    dossier = serializers.CharField(source="kerntaak.dossier.crebo", read_only=True)
    profiel = serializers.CharField(
        source="kerntaak.profiel.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Het profiel van de kerntaak; leeg voor het basisdeel.",
    )
    omschrijving_aanvullingen = AanvullingOutput(source="aanvullingen", many=True, read_only=True)
    competenties = CompetentieOutput(many=True, read_only=True)
    criteria = CriteriumOutput(many=True, read_only=True)

    class Meta:
        model = Werkproces
        fields = [
            "id",
            "code",
            "titel",
            "kerntaak",
            "dossier",
            "profiel",
            "omschrijving",
            "omschrijving_aanvullingen",
            "competenties",
            "criteria",
        ]
