"""The bounds of lib/bounds.py on every procurement value: validators on the fields and
CheckConstraints in the database (amounts 0 – 10 000 000 000 kr, a bid's price from
1 kr, weights 0–100 %, scores 0–10, dates 1990-01-01 – 2100-12-31). The previous
migration brought the rows already stored into range, so these can be added."""

import datetime
import videreforing.lib.bounds
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0004_bring_stored_values_into_bounds'),
        ('programmes', '0005_gatedecision_document'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='awardcriterion',
            name='weight',
            field=models.DecimalField(decimal_places=2, max_digits=5, validators=[videreforing.lib.bounds.RangeValidator(Decimal('0'), Decimal('100'), '%')], verbose_name='vekt (%)'),
        ),
        migrations.AlterField(
            model_name='bid',
            name='price',
            field=models.DecimalField(decimal_places=0, max_digits=14, validators=[videreforing.lib.bounds.RangeValidator(Decimal('1'), Decimal('10000000000'), 'kr')], verbose_name='evaluert pris (NOK eks. mva.)'),
        ),
        migrations.AlterField(
            model_name='bid',
            name='received_on',
            field=models.DateField(blank=True, null=True, validators=[videreforing.lib.bounds.RangeValidator(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31), '')], verbose_name='mottatt'),
        ),
        migrations.AlterField(
            model_name='bidscore',
            name='score',
            field=models.DecimalField(decimal_places=2, max_digits=4, validators=[videreforing.lib.bounds.RangeValidator(Decimal('0'), Decimal('10'), '')], verbose_name='poeng (0–10)'),
        ),
        migrations.AlterField(
            model_name='procurementthreshold',
            name='amount',
            field=models.DecimalField(decimal_places=0, max_digits=14, validators=[videreforing.lib.bounds.RangeValidator(Decimal('0'), Decimal('10000000000'), 'kr')], verbose_name='beløp (NOK eks. mva.)'),
        ),
        migrations.AlterField(
            model_name='procurementthreshold',
            name='valid_from',
            field=models.DateField(blank=True, help_text='Tomt: gjaldt før alle daterte endringer (startdato ikke oppgitt i kilden).', null=True, validators=[videreforing.lib.bounds.RangeValidator(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31), '')], verbose_name='gjelder fra'),
        ),
        migrations.AlterField(
            model_name='tender',
            name='awarded_on',
            field=models.DateField(blank=True, null=True, validators=[videreforing.lib.bounds.RangeValidator(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31), '')], verbose_name='tildelt'),
        ),
        migrations.AlterField(
            model_name='tender',
            name='contract_end',
            field=models.DateField(blank=True, null=True, validators=[videreforing.lib.bounds.RangeValidator(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31), '')], verbose_name='kontrakt til'),
        ),
        migrations.AlterField(
            model_name='tender',
            name='contract_start',
            field=models.DateField(blank=True, null=True, validators=[videreforing.lib.bounds.RangeValidator(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31), '')], verbose_name='kontrakt fra'),
        ),
        migrations.AlterField(
            model_name='tender',
            name='estimated_value',
            field=models.DecimalField(decimal_places=0, max_digits=14, validators=[videreforing.lib.bounds.RangeValidator(Decimal('0'), Decimal('10000000000'), 'kr')], verbose_name='anslått verdi (NOK eks. mva.)'),
        ),
        migrations.AlterField(
            model_name='tender',
            name='tender_deadline',
            field=models.DateField(blank=True, null=True, validators=[videreforing.lib.bounds.RangeValidator(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31), '')], verbose_name='tilbudsfrist'),
        ),
        migrations.AddConstraint(
            model_name='awardcriterion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('weight__gte', Decimal('0')), ('weight__lte', Decimal('100'))), ('weight__isnull', True), _connector='OR'), name='criterion_weight_in_bounds'),
        ),
        migrations.AddConstraint(
            model_name='bid',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('price__gte', Decimal('1')), ('price__lte', Decimal('10000000000'))), ('price__isnull', True), _connector='OR'), name='bid_price_in_bounds'),
        ),
        migrations.AddConstraint(
            model_name='bid',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('received_on__gte', datetime.date(1990, 1, 1)), ('received_on__lte', datetime.date(2100, 12, 31))), ('received_on__isnull', True), _connector='OR'), name='bid_received_on_in_bounds'),
        ),
        migrations.AddConstraint(
            model_name='procurementthreshold',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('amount__gte', Decimal('0')), ('amount__lte', Decimal('10000000000'))), ('amount__isnull', True), _connector='OR'), name='threshold_amount_in_bounds'),
        ),
        migrations.AddConstraint(
            model_name='procurementthreshold',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('valid_from__gte', datetime.date(1990, 1, 1)), ('valid_from__lte', datetime.date(2100, 12, 31))), ('valid_from__isnull', True), _connector='OR'), name='threshold_valid_from_in_bounds'),
        ),
        migrations.AddConstraint(
            model_name='tender',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('estimated_value__gte', Decimal('0')), ('estimated_value__lte', Decimal('10000000000'))), ('estimated_value__isnull', True), _connector='OR'), name='tender_estimated_value_in_bounds'),
        ),
        migrations.AddConstraint(
            model_name='tender',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('contract_start__gte', datetime.date(1990, 1, 1)), ('contract_start__lte', datetime.date(2100, 12, 31))), ('contract_start__isnull', True), _connector='OR'), name='tender_contract_start_in_bounds'),
        ),
        migrations.AddConstraint(
            model_name='tender',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('contract_end__gte', datetime.date(1990, 1, 1)), ('contract_end__lte', datetime.date(2100, 12, 31))), ('contract_end__isnull', True), _connector='OR'), name='tender_contract_end_in_bounds'),
        ),
        migrations.AddConstraint(
            model_name='tender',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('tender_deadline__gte', datetime.date(1990, 1, 1)), ('tender_deadline__lte', datetime.date(2100, 12, 31))), ('tender_deadline__isnull', True), _connector='OR'), name='tender_deadline_in_bounds'),
        ),
        migrations.AddConstraint(
            model_name='tender',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('awarded_on__gte', datetime.date(1990, 1, 1)), ('awarded_on__lte', datetime.date(2100, 12, 31))), ('awarded_on__isnull', True), _connector='OR'), name='tender_awarded_on_in_bounds'),
        ),
    ]
