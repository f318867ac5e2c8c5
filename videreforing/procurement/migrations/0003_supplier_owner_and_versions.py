"""Who registered a supplier (they and administrators may correct it), and a version
on every record a user can correct (requirements, criteria, suppliers)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0002_thresholds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="supplier",
            name="created_by",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(model_name="supplier", name="version",
                            field=models.PositiveIntegerField(default=1)),
        migrations.AddField(model_name="qualificationrequirement", name="version",
                            field=models.PositiveIntegerField(default=1)),
        migrations.AddField(model_name="awardcriterion", name="version",
                            field=models.PositiveIntegerField(default=1)),
    ]
