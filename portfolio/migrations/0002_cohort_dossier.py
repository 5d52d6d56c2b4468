import django.db.models.deletion
from django.db import migrations, models


def pin_to_the_opleiding_dossier(apps, schema_editor):
    Cohort = apps.get_model("portfolio", "Cohort")
    for cohort in Cohort.objects.select_related("opleiding"):
        cohort.dossier_id = cohort.opleiding.dossier_id
        cohort.save(update_fields=["dossier"])


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0001_initial"), ("dossier", "0002_versions")]

    operations = [
        migrations.AddField(
            model_name="cohort",
            name="dossier",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cohorten",
                to="dossier.kwalificatiedossier",
                verbose_name="versie van het kwalificatiedossier",
            ),
        ),
        migrations.RunPython(pin_to_the_opleiding_dossier, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cohort",
            name="dossier",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cohorten",
                to="dossier.kwalificatiedossier",
                verbose_name="versie van het kwalificatiedossier",
            ),
        ),
    ]
