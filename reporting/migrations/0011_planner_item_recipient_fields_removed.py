"""The reporting planner's recipients, step 3 of 3: the item's single recipient, frequency
and months are gone (each recipient has its own); a receipt is per recipient and due date."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0010_planner_recipients_from_items'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='reportreceipt',
            options={'ordering': ['item', 'due_date', 'recipient']},
        ),
        migrations.RemoveConstraint(
            model_name='reportreceipt',
            name='receipt_once_per_due_date',
        ),
        migrations.RemoveField(
            model_name='reportingitem',
            name='frequency',
        ),
        migrations.RemoveField(
            model_name='reportingitem',
            name='months',
        ),
        migrations.RemoveField(
            model_name='reportingitem',
            name='recipient',
        ),
        migrations.RemoveField(
            model_name='reportingitem',
            name='recipient_group',
        ),
        migrations.AlterField(
            model_name='reportreceipt',
            name='item',
            field=models.ForeignKey(help_text="The recipient's item (set from the recipient).", on_delete=django.db.models.deletion.CASCADE, related_name='receipts', to='reporting.reportingitem'),
        ),
        migrations.AlterField(
            model_name='reportreceipt',
            name='recipient',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='receipts', to='reporting.reportingrecipient'),
        ),
        migrations.AddConstraint(
            model_name='reportreceipt',
            constraint=models.UniqueConstraint(fields=('recipient', 'due_date'), name='receipt_once_per_recipient_due_date'),
        ),
    ]
