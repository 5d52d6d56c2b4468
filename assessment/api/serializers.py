from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessment.models import Beoordeling, Examenpoging, Niveau, Score, Vaststelling
from dossier.models import Criterium

# -- output --------------------------------------------------------------------------------------------


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField()


class ScoreOutput(serializers.ModelSerializer):
    criterium = serializers.IntegerField(source="criterium_id")
    tekst = serializers.CharField(source="criterium.tekst")
    soort = serializers.ChoiceField(source="criterium.soort", choices=Criterium.Soort.choices)
    profiel = serializers.CharField(
        source="criterium.profiel.code", allow_null=True, default=None, help_text="Leeg voor het basisdeel."
    )

    class Meta:
        model = Score
        fields = ["criterium", "tekst", "soort", "profiel", "waarde", "opmerking"]


class PogingOutput(serializers.ModelSerializer):
    uitslag = serializers.SerializerMethodField()
    voorstel = serializers.SerializerMethodField()

    class Meta:
        model = Examenpoging
        fields = ["id", "nummer", "status", "uitslag", "version", "voorstel"]

    # The agreed scores follow from the other assessor's scores: hidden until the view says the reader
    # may see them (assessment.selectors.sees_agreed_scores).
    @extend_schema_field(serializers.ChoiceField(choices=Niveau.choices, allow_blank=True))
    def get_uitslag(self, poging: Examenpoging) -> str:
        return poging.uitslag if self.context.get("sees_agreed_scores") else ""

    def get_voorstel(self, poging: Examenpoging) -> dict[str, str] | None:
        return poging.voorstel if self.context.get("sees_agreed_scores") else None


class BeoordelingOutput(serializers.ModelSerializer):
    inschrijving: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    student = serializers.CharField(source="inschrijving.student.username")
    werkproces = serializers.CharField(source="werkproces.code")
    beoordelaar = serializers.CharField(source="beoordelaar.username")
    poging: serializers.Field = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    updated_by = serializers.CharField(source="updated_by.username")

    class Meta:
        model = Beoordeling
        fields = [
            "id",
            "inschrijving",
            "student",
            "werkproces",
            "soort",
            "rol",
            "status",
            "beoordelaar",
            "poging",
            "uitslag",
            "percent",
            "version",
            "updated_by",
            "updated_at",
            "submitted_at",
        ]


class BeoordelingDetailOutput(BeoordelingOutput):
    poging = PogingOutput(allow_null=True)
    scores = serializers.SerializerMethodField()

    class Meta(BeoordelingOutput.Meta):
        fields = [*BeoordelingOutput.Meta.fields, "feedback", "scores"]

    @extend_schema_field(ScoreOutput(many=True))
    def get_scores(self, beoordeling: Beoordeling) -> list[dict]:
        # Rows are created in the dossier's criterium order; the prefetch itself has no ordering.
        # many=True builds a ListSerializer, whose data is a list; the stubs see ScoreOutput's dict
        return ScoreOutput(sorted(beoordeling.scores.all(), key=lambda s: s.pk), many=True).data  # type: ignore[return-value]


class VaststellingOutput(serializers.ModelSerializer):
    scores = serializers.DictField(child=serializers.CharField(), help_text="Score per criterium-id.")
    door = serializers.CharField(source="door.username")

    class Meta:
        model = Vaststelling
        fields = ["revisie", "uitslag", "scores", "percent", "reden", "door", "at"]


class EventOutput(serializers.Serializer):
    model = serializers.CharField(source="pgh_model")
    # Declared fields: the serializer metaclass moves them into _declared_fields, so they never shadow the
    # Field attributes of the same name.
    label = serializers.CharField(source="pgh_label")  # type: ignore[assignment]
    at = serializers.DateTimeField(source="pgh_created_at")
    object_id = serializers.CharField(source="pgh_obj_id", allow_null=True)
    diff = serializers.JSONField(source="pgh_diff", allow_null=True, help_text="Per veld [oud, nieuw].")
    context = serializers.JSONField(source="pgh_context", allow_null=True, help_text="Wie (user) en welke actie.")  # type: ignore[assignment]


class HistoryOutput(serializers.Serializer):
    poging = serializers.IntegerField()
    vaststellingen = VaststellingOutput(many=True)
    events = EventOutput(many=True, help_text="Alleen op PostgreSQL; elders een lege lijst.")


# -- input ---------------------------------------------------------------------------------------------


def _unique_criteria(rows: list[dict]) -> list[dict]:
    ids = [row["criterium"] for row in rows]
    if len(set(ids)) != len(ids):
        raise serializers.ValidationError(_("Elk criterium mag maar één keer voorkomen."))
    return rows


class BeoordelingCreateInput(serializers.Serializer):
    inschrijving = serializers.IntegerField()
    werkproces = serializers.CharField(help_text="Code van het werkproces, bijv. B1-K1-W1.")
    soort = serializers.ChoiceField(choices=Beoordeling.Soort.choices)


class ScoreInput(serializers.Serializer):
    criterium = serializers.IntegerField()
    waarde = serializers.CharField(
        allow_blank=True, max_length=16, help_text="Een code van de schaal; leeg = nog niet."
    )
    opmerking = serializers.CharField(allow_blank=True, required=False, default="")


class BeoordelingSaveInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="De version die u las; anders 409.")
    feedback = serializers.CharField(allow_blank=True)
    scores = ScoreInput(many=True, required=False, default=list, help_text="Alleen de criteria die u wijzigt.")

    def validate_scores(self, rows: list[dict]) -> list[dict]:
        return _unique_criteria(rows)


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="De version die u las; anders 409.")


class AgreedScoreInput(serializers.Serializer):
    criterium = serializers.IntegerField()
    waarde = serializers.CharField(allow_blank=True, max_length=16)


class AgreedScoresField(serializers.ListField):
    child = AgreedScoreInput()

    # A list on the wire, a dict by criterium inside: deliberately not ListField's list.
    def to_internal_value(self, data) -> dict[int, str]:  # type: ignore[override]
        rows = _unique_criteria(super().to_internal_value(data))
        return {row["criterium"]: row["waarde"] for row in rows}


class AgreeInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="De version van de poging die u las; anders 409.")
    scores = AgreedScoresField(required=False, help_text="Een voorstel: de afgesproken score per criterium.")
    accept = serializers.BooleanField(required=False, default=False, help_text="Instemmen met het voorstel.")

    def validate(self, attrs: dict) -> dict:
        if ("scores" in attrs) == attrs["accept"]:
            raise serializers.ValidationError(
                _("Stuur óf de afgesproken scores (een voorstel), óf accept: true (instemmen met het voorstel).")
            )
        return attrs


class VaststellenInput(serializers.Serializer):
    scores = AgreedScoresField(
        required=False, help_text="Alleen als de poging is voorgelegd: de scores die de examencommissie vaststelt."
    )
    reden = serializers.CharField(allow_blank=True, required=False, default="")


class CorrectInput(serializers.Serializer):
    scores = AgreedScoresField(help_text="De gecorrigeerde score per criterium.")
    reden = serializers.CharField(allow_blank=True, required=False, default="", help_text="Verplicht.")
