"""Seed the standstill lengths (P-NOTICE). RULES.md gives 10 days as common in part III
and marks the length "to be checked"; part II uses the same until checked."""

from django.db import migrations

SOURCE = ("anskaffelser.no, «Meddele valg av leverandør»; anskaffelsesforskriften "
          "§§ 10-1 og 25-1 (må kontrolleres)")


def seed(apps, schema_editor):
    StandstillPeriod = apps.get_model("procurement", "StandstillPeriod")
    for regime in ("part_2", "part_3"):
        StandstillPeriod.objects.get_or_create(
            regime=regime, valid_from=None,
            defaults={"days": 10, "source": SOURCE, "to_be_checked": True})


def unseed(apps, schema_editor):
    apps.get_model("procurement", "StandstillPeriod").objects.filter(
        valid_from=None, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("procurement", "0009_tender_states_notice_contract")]
    operations = [migrations.RunPython(seed, unseed)]
