import uuid

from django.db import migrations, models


def give_each_criterium_a_sleutel(apps, schema_editor):
    Criterium = apps.get_model("dossier", "Criterium")
    rows = list(Criterium.objects.only("pk"))
    for row in rows:
        row.sleutel = uuid.uuid4()
    Criterium.objects.bulk_update(rows, ["sleutel"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("dossier", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="kwalificatiedossier",
            name="crebo",
            field=models.CharField(max_length=5, verbose_name="crebo"),
        ),
        migrations.AddField(
            model_name="kwalificatiedossier",
            name="volgnummer",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="volgnummer"),
        ),
        migrations.AddField(
            model_name="kwalificatiedossier",
            name="created_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ingelezen op"),
        ),
        migrations.AlterField(
            model_name="kwalificatiedossier",
            name="versie",
            field=models.CharField(blank=True, help_text="Het versielabel van SBB.", max_length=50, verbose_name="versie"),
        ),
        migrations.AlterModelOptions(
            name="kwalificatiedossier",
            options={
                "ordering": ["naam", "-volgnummer"],
                "verbose_name": "kwalificatiedossier",
                "verbose_name_plural": "kwalificatiedossiers",
            },
        ),
        migrations.AddConstraint(
            model_name="kwalificatiedossier",
            constraint=models.UniqueConstraint(fields=("crebo", "volgnummer"), name="dossier_unique_versie"),
        ),
        migrations.AddField(
            model_name="criterium",
            name="sleutel",
            field=models.UUIDField(null=True, verbose_name="sleutel"),
        ),
        migrations.RunPython(give_each_criterium_a_sleutel, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="criterium",
            name="sleutel",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, verbose_name="sleutel"),
        ),
    ]
