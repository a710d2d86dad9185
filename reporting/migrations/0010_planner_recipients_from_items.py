"""The reporting planner's recipients, step 2 of 3: each existing item's single recipient
(body, group, frequency, months) becomes its first recipient, and each receipt belongs to
it. Back: the first recipient's values return to the item."""

from django.db import migrations


def items_to_recipients(apps, schema_editor):
    ReportingItem = apps.get_model("reporting", "ReportingItem")
    ReportingRecipient = apps.get_model("reporting", "ReportingRecipient")
    ReportReceipt = apps.get_model("reporting", "ReportReceipt")
    for item in ReportingItem.objects.all().order_by("pk"):
        recipient = ReportingRecipient.objects.create(
            item=item, body=item.recipient, group_id=item.recipient_group_id,
            frequency=item.frequency, months=item.months or [], order=0)
        ReportReceipt.objects.filter(item=item).update(recipient=recipient)


def recipients_to_items(apps, schema_editor):
    ReportingItem = apps.get_model("reporting", "ReportingItem")
    ReportingRecipient = apps.get_model("reporting", "ReportingRecipient")
    ReportReceipt = apps.get_model("reporting", "ReportReceipt")
    for item in ReportingItem.objects.all():
        recipients = list(ReportingRecipient.objects.filter(item=item).order_by("order", "pk"))
        if not recipients:
            continue
        first = recipients[0]
        item.recipient, item.recipient_group_id = first.body, first.group_id
        item.frequency, item.months = first.frequency, first.months
        item.save()
        # one receipt per item and date again: the first recipient's wins
        seen = set()
        for receipt in ReportReceipt.objects.filter(item=item).order_by("recipient__order",
                                                                         "recipient_id"):
            if receipt.due_date in seen:
                receipt.delete()
            else:
                seen.add(receipt.due_date)


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0009_planner_recipients'),
    ]

    operations = [migrations.RunPython(items_to_recipients, recipients_to_items)]
