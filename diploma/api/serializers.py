from django.urls import reverse
from rest_framework import serializers

from diploma.models import Report


class ReportOutput(serializers.ModelSerializer):
    cohort: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    inschrijving: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id", "kind", "status", "progress", "cohort", "inschrijving", "error", "attempts",
            "requested_by", "created_at", "started_at", "finished_at", "download",
        ]  # fmt: skip

    def get_download(self, obj: Report) -> str | None:
        if obj.status != Report.Status.DONE:
            return None
        return reverse("rapport-download", kwargs={"pk": obj.pk})


class ReportInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    cohort = serializers.IntegerField(required=False, allow_null=True)
    inschrijving = serializers.IntegerField(required=False, allow_null=True)


class ConditionOutput(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    status = serializers.ChoiceField(choices=["met", "not_met", "unknown"])
    uitleg = serializers.CharField()


class ReadinessOutput(serializers.Serializer):
    inschrijving = serializers.IntegerField(source="inschrijving_id")
    studentnummer = serializers.CharField()
    naam = serializers.CharField()
    profiel = serializers.CharField()
    uitkomst = serializers.ChoiceField(choices=["gereed", "nog_niet"])
    conditions = ConditionOutput(many=True)
    open_items = serializers.ListField(child=serializers.CharField())


class ReadinessPageOutput(serializers.Serializer):
    results = ReadinessOutput(many=True)
    volgende = serializers.CharField(allow_null=True, help_text="Geef dit mee als ?na= voor de volgende pagina.")
