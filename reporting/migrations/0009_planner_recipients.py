"""The reporting planner's recipients: a planner item goes to one body or more, each with
its own frequency and months. Step 1 of 3: the new table beside the old fields."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0008_section11_returns_by_agencies'),
        ('subgroups', '0003_meeting_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportingRecipient',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.CharField(choices=[('board', 'The board'), ('business_group', 'Business Group'), ('subgroup', 'A subgroup'), ('childrens_trust', "Children's Trust"), ('hwb', 'Health and Wellbeing Board'), ('other', 'Other body')], max_length=20, verbose_name='reported to')),
                ('frequency', models.CharField(choices=[('each_meeting', 'Each meeting'), ('bimonthly', 'Bimonthly'), ('quarterly', 'Quarterly'), ('twice_yearly', 'Twice a year'), ('annually', 'Annually'), ('as_required', 'As required')], max_length=20)),
                ('months', models.JSONField(blank=True, default=list, help_text='Months (1-12) the report is due; defaults by frequency.')),
                ('order', models.PositiveIntegerField(default=0)),
            ],
            options={
                'ordering': ['item', 'order', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='reportingrecipient',
            name='group',
            field=models.ForeignKey(blank=True, help_text='The group, when it goes to a subgroup or the Business Group.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports_received', to='subgroups.subgroup'),
        ),
        migrations.AddField(
            model_name='reportingrecipient',
            name='item',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recipients', to='reporting.reportingitem'),
        ),
        migrations.AddField(
            model_name='reportreceipt',
            name='recipient',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='receipts', to='reporting.reportingrecipient'),
        ),
    ]
