"""How and by what time suppliers submit (issue 9, point 6). Stored tenders get 12.00 as
deadline time and no submission address; their request for tenders then names the
contracting authority as recipient until the address is filled in."""

import datetime
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0007_tender_contracting_authority'),
    ]

    operations = [
        migrations.AddField(
            model_name='tender',
            name='deadline_time',
            field=models.TimeField(default=datetime.time(12, 0), verbose_name='klokkeslett for tilbudsfristen'),
        ),
        migrations.AddField(
            model_name='tender',
            name='submission_address',
            field=models.CharField(blank=True, help_text='E-postadresse eller adresse der tilbudene skal leveres.', max_length=300, verbose_name='tilbud sendes til'),
        ),
    ]
