"""The downloadable template of an import: the headings it reads on the first sheet, and
what each column takes on a second ("How to fill in")."""

import io


def sample_workbook(title, headings, notes, widths=None, validations=()):
    """An .xlsx with the headings on the first sheet and what each column takes on a
    second ("How to fill in"); only the first sheet is read when importing."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headings)
    for index, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = (widths or {}).get(
            heading, max(12, len(heading) + 2))
    sheet.freeze_panes = "A2"
    for validation in validations:
        sheet.add_data_validation(validation)
    help_sheet = book.create_sheet("How to fill in")
    help_sheet.append(["Column", "What to write"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for row in notes:
        help_sheet.append(list(row))
    help_sheet.column_dimensions["A"].width = 28
    help_sheet.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
