"""The portfolio's per-plan facts next to the stored forecast (issue 10). The rows
stored before have no facts: they are removed, and recomputed by the daily run, the
next list that finds them missing, or the programme's next page view."""

from django.db import migrations, models


def forget_forecasts(apps, schema_editor):
    apps.get_model("planning", "Forecast").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("planning", "0002_forecast"),
    ]

    operations = [
        migrations.AddField(
            model_name="forecast",
            name="started_on",
            field=models.DateField(null=True),
        ),
        migrations.AddField(
            model_name="forecast",
            name="current_phase",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="forecast",
            name="gate_phase",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="forecast",
            name="main_completed",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(forget_forecasts, migrations.RunPython.noop),
    ]
