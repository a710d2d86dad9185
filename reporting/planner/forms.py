from django import forms

from reporting.models import ReportingItem, ReportReceipt
from subgroups.models import Subgroup

MAX_UPLOAD = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".pptx", ".txt"}


class ReportingItemForm(forms.ModelForm):
    months = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(m, name) for m, name in [
            (4, "April"), (5, "May"), (6, "June"), (7, "July"), (8, "August"), (9, "September"),
            (10, "October"), (11, "November"), (12, "December"), (1, "January"),
            (2, "February"), (3, "March")]],
        help_text="Leave empty to use the usual months for the frequency "
                  "(quarterly: June, September, December, March).",
    )

    class Meta:
        model = ReportingItem
        fields = ["title", "responsible_group", "subgroup_activity", "purpose", "recipient",
                  "recipient_group", "frequency", "months", "when_text", "order"]
        widgets = {
            "subgroup_activity": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "when_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        groups = Subgroup.objects.for_board(board)
        self.fields["responsible_group"].queryset = groups
        self.fields["recipient_group"].queryset = groups

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        clash = ReportingItem.objects.filter(board=self.instance.board, title__iexact=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("The planner already has a report with this name.")
        return title


class ReceiptForm(forms.ModelForm):
    class Meta:
        model = ReportReceipt
        fields = ["received_on", "note", "file"]
        labels = {"received_on": "Received on", "file": "Attach the report (optional)"}
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"received_on": "Leave empty to record that it has not been received."}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "size"):
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError("Files can be at most 20 MB.")
            name = upload.name.lower()
            if not any(name.endswith(ext) for ext in ALLOWED_EXTENSIONS):
                raise forms.ValidationError(
                    "Attach a PDF, Word, Excel, OpenDocument, PowerPoint or text file."
                )
        return upload
