from django import forms
from django.forms import inlineformset_factory

from reporting.models import ReportingItem, ReportingRecipient, ReportReceipt
from subgroups.models import Subgroup

MAX_UPLOAD = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".pptx", ".txt"}


MONTH_CHOICES = [(4, "April"), (5, "May"), (6, "June"), (7, "July"), (8, "August"),
                 (9, "September"), (10, "October"), (11, "November"), (12, "December"),
                 (1, "January"), (2, "February"), (3, "March")]


class ReportingItemForm(forms.ModelForm):
    """What is reported and by whom; where it goes is the recipients formset below it."""

    class Meta:
        model = ReportingItem
        fields = ["title", "responsible_group", "subgroup_activity", "purpose", "when_text",
                  "order"]
        widgets = {
            "subgroup_activity": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "when_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["responsible_group"].queryset = Subgroup.objects.for_board(board)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        clash = ReportingItem.objects.filter(board=self.instance.board, title__iexact=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("The planner already has a report with this name.")
        return title


class RecipientForm(forms.ModelForm):
    """One body the report goes to, with its own frequency and months."""

    months = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, choices=MONTH_CHOICES,
        help_text="Leave empty for the usual months of the frequency (quarterly: June, "
                  "September, December, March; twice a year: September and March).")

    class Meta:
        model = ReportingRecipient
        fields = ["body", "group", "frequency", "months", "order"]


class BaseRecipientFormSet(forms.BaseInlineFormSet):
    """The item's recipients: at least one; each group offered is one of the board's."""

    default_error_messages = {
        **forms.BaseInlineFormSet.default_error_messages,
        "too_few_forms": "Give at least one body the report goes to.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        board = self.instance.board_id
        for form in self.forms + [self.empty_form]:
            form.fields["group"].queryset = Subgroup.objects.filter(board=board)


RecipientFormSet = inlineformset_factory(
    ReportingItem, ReportingRecipient, form=RecipientForm, formset=BaseRecipientFormSet,
    extra=1, min_num=1, validate_min=True, can_delete=True, max_num=20, absolute_max=20)


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
