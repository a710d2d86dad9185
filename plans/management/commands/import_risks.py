"""python manage.py import_risks FILE --board SLUG

Imports the risk register from an XLSX or CSV file. Risks are matched by Ref (updated,
never duplicated) and each change is kept in the risk's history. Problems are listed by
row and column and nothing is written unless the whole file is good.
"""

from plans.importing import risks
from plans.importing.command import RegisterImportCommand


class Command(RegisterImportCommand):
    help = "Import the risk register from a spreadsheet (XLSX or CSV)."
    noun = "risks"

    def build(self, data, name, board, options):
        options["name"] = name
        return risks.build_preview(data, name, board, progress=self.stdout.write)

    def apply(self, preview, board, options):
        created, updated = risks.apply_import(preview, board, source=options["name"],
                                              progress=self.stdout.write)
        return f"{created} risk(s) added, {updated} updated"
