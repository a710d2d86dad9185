"""python manage.py import_indicators FILE --board SLUG --year 2015/16

Imports performance indicators and their Q1-Q4 values for one financial year from an
XLSX or CSV file. Indicators are matched by name (updated, never duplicated); a blank
cell leaves what is stored. Problems are listed by row and column and nothing is
written unless the whole file is good.
"""

from django.core.management.base import CommandError

from lscb.fiscal import parse_year_label, year_label
from plans.importing import indicators
from plans.importing.command import RegisterImportCommand


class Command(RegisterImportCommand):
    help = "Import performance indicators with their quarterly values (XLSX or CSV)."
    noun = "indicators"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", help="Financial year of the Q1-Q4 values, targets and "
                                           "year-ends, e.g. 2015/16")
        parser.add_argument("--polarity", choices=["higher", "lower"], default="higher",
                            help="Whether higher or lower is better for new indicators the file "
                                 "gives no polarity for (default: higher)")

    def build(self, data, name, board, options):
        year = None
        if options.get("year"):
            try:
                year = parse_year_label(options["year"])
            except ValueError as error:
                raise CommandError(str(error)) from error
        preview = indicators.build_preview(data, name, board, year,
                                           progress=self.stdout.write)
        has_values = any(row.values["quarters"] for row in preview.rows)
        if year is None and (has_values or any(c.startswith("Q") for c in preview.columns)):
            raise CommandError("The file has quarterly (Q1-Q4) columns: say which financial "
                               "year they are for, e.g. --year 2015/16.")
        options["year_number"] = year
        if preview.asks:
            self.stdout.write(f"No polarity given for {len(preview.asks)} new indicator(s): "
                              f"{options['polarity']} is better (--polarity to change it).")
        return preview

    def apply(self, preview, board, options):
        year = options["year_number"]
        created, updated, values = indicators.apply_import(
            preview, board, year or 0, progress=self.stdout.write,
            polarities={name: options["polarity"] for name in preview.asks})
        result = f"{created} indicator(s) added, {updated} updated"
        if year is not None:
            result += f", {values} quarterly value(s) saved for {year_label(year)}"
        return result
