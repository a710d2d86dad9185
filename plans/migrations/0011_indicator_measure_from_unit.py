"""Existing indicators' measure, read from the unit they were written with: "%" is a
percentage, "£" money, "days" days; anything else stays a number
with its unit words."""

from django.db import migrations


def measure_from_unit(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    for indicator in Indicator.objects.all():
        unit = (indicator.unit or "").strip().lower()
        measure = {"%": "percent", "percent": "percent", "per cent": "percent",
                   "£": "money", "gbp": "money", "days": "days", "day": "days"}.get(unit)
        if measure:
            indicator.measure = measure
            indicator.save(update_fields=["measure"])


def unit_from_measure(apps, schema_editor):
    """Back: the unit a percentage, money or days printed with, where none is written."""
    Indicator = apps.get_model("plans", "Indicator")
    for measure, unit in (("percent", "%"), ("money", "£"), ("days", "days")):
        Indicator.objects.filter(measure=measure, unit="").update(unit=unit)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0010_indicator_measure_commentary_year_polarity'),
    ]

    operations = [migrations.RunPython(measure_from_unit, unit_from_measure)]
