import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="County",
            fields=[
                ("number", models.CharField(max_length=2, primary_key=True, serialize=False, verbose_name="fylkesnummer")),
                ("name", models.CharField(max_length=100, verbose_name="navn")),
            ],
            options={"verbose_name": "fylke", "verbose_name_plural": "fylker", "ordering": ["number"]},
        ),
        migrations.CreateModel(
            name="Municipality",
            fields=[
                ("number", models.CharField(max_length=4, primary_key=True, serialize=False, verbose_name="kommunenummer")),
                ("name", models.CharField(max_length=100, verbose_name="navn")),
                ("name_valid_from", models.DateField(verbose_name="navnet gjelder fra")),
                ("county", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="municipalities", to="municipalities.county", verbose_name="fylke")),
            ],
            options={"verbose_name": "kommune", "verbose_name_plural": "kommuner", "ordering": ["number"]},
        ),
        migrations.AddConstraint(
            model_name="county",
            constraint=models.CheckConstraint(condition=models.Q(("number__regex", "^[0-9]{2}$")), name="county_number_two_digits"),
        ),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.CheckConstraint(condition=models.Q(("number__regex", "^[0-9]{4}$")), name="municipality_number_four_digits"),
        ),
    ]
