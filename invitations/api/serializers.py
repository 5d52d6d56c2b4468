from rest_framework import serializers

from invitations.models import Uitnodiging


class UitnodigingOutput(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        choices=Uitnodiging.Status.choices, read_only=True, help_text="Actief, verlopen, ingetrokken of vervangen."
    )
    created_by = serializers.SerializerMethodField(help_text="De coördinator die uitnodigde.")

    class Meta:
        model = Uitnodiging
        fields = [
            "id",
            "inschrijving",
            "beoordelaar",
            "naam",
            "email",
            "status",
            "created_at",
            "created_by",
            "mailed_at",
            "expires_at",
            "revoked_at",
            "last_used_at",
        ]
        read_only_fields = fields

    def get_created_by(self, uitnodiging: Uitnodiging) -> str:
        user = uitnodiging.created_by
        return user.get_full_name() or user.username


class UitnodigingInput(serializers.Serializer):
    naam = serializers.CharField(max_length=150, help_text="Naam van de praktijkbeoordelaar.")
    email = serializers.EmailField(max_length=254, help_text="De link en elke inlogcode gaan naar dit adres.")
