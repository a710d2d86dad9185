"""python manage.py import_risks FILE --board SLUG [--scoring SCHEME]

Imports the risk register from an XLSX or CSV file. Risks are matched by Ref (updated,
never duplicated) and each change is kept in the risk's history. The register is read
under the board's scoring scheme (or --scoring, which then becomes the board's: lxi_5,
lxi_4, lxi_3, score_25, score_16, score_9 or levels). Problems are listed by row and
column and nothing is written unless the whole file is good.
"""

from plans.importing import risks
from plans.importing.command import RegisterImportCommand
from plans.scoring import Scoring


class Command(RegisterImportCommand):
    help = "Import the risk register from a spreadsheet (XLSX or CSV)."
    noun = "risks"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--scoring", choices=Scoring.values,
                            help="How the register is scored (default: the board's setting, "
                                 "or a guess from the file for a board without one)")

    def build(self, data, name, board, options):
        options["name"] = name
        preview = risks.build_preview(data, name, board, progress=self.stdout.write,
                                      scoring=options.get("scoring"))
        self.stdout.write(f"Read as: {preview.scheme.label}"
                          + (" (guessed from the file)" if preview.scheme_guessed else "") + ".")
        return preview

    def apply(self, preview, board, options):
        created, updated = risks.apply_import(preview, board, source=options["name"],
                                              progress=self.stdout.write)
        return f"{created} risk(s) added, {updated} updated"
