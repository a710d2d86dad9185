"""The file field every import's upload form starts with: type and size checked
before anything is read."""

from django import forms

from lscb.spreadsheets.reader import MAX_BYTES, UPLOAD_EXTENSIONS, size_problem


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(label="Spreadsheet (.xlsx or .csv, up to 20 MB)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(size_problem(upload.size))
        if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError("Upload an Excel workbook (.xlsx) or a CSV file.")
        return upload
