"""The forms of the plan import: the upload, and the manager's choices on the preview (the
date the progress is as at, and what each unplaced lead becomes)."""

from django import forms
from django.utils import timezone

from lscb.fiscal import Quarter
from lscb.spreadsheets.reader import ImportError_
from lscb.spreadsheets.upload import SpreadsheetUploadForm
from plans.models import BusinessPlan

from .importing.apply import CREATE_GROUP, KEEP_AS_ROLE
from .importing.preview import build_preview


class UploadForm(SpreadsheetUploadForm):
    plan = forms.ModelChoiceField(label="Import into", queryset=BusinessPlan.objects.none(),
                                  required=False, empty_label="A new plan (give its title)")
    title = forms.CharField(label="New plan title", max_length=200, required=False,
                            help_text="For example “Business Plan 2018-20”: its years are the "
                            "plan's period.")

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        # an archived plan is read-only: nothing is imported into it
        self.fields["plan"].queryset = BusinessPlan.objects.for_board(board).exclude(
            status=BusinessPlan.Status.ARCHIVED)

    def clean(self):
        data = super().clean()
        if not data.get("plan") and not (data.get("title") or "").strip():
            self.add_error("title", "Choose a plan or give the title of a new one.")
        elif data.get("file") and not self.errors:
            data["content"] = data["file"].read()
            try:
                self.preview = build_preview(data["content"], data["file"].name, self.board,
                                             data.get("plan"), title=data.get("title") or "")
            except ImportError_ as error:
                self.add_error("file", str(error))
        return data


class ChoicesForm(forms.Form):
    """What the manager decides before confirming: the date of undated progress, and
    for each lead the app could not place, a group, a new group or lead text."""

    as_at = forms.DateField(
        label="Progress in the file is as at", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The date the progress and RAG columns were written; it sets their quarter.")

    def __init__(self, *args, preview, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        if preview.undated_progress:
            self.fields["as_at"].initial = preview.default_as_at
        else:
            del self.fields["as_at"]
        choices = [(KEEP_AS_ROLE, "Keep as lead text")]
        choices += [(str(group.pk), f"Match to: {group.name}") for group in groups]
        self.names = []
        for index, name in enumerate(preview.unknown_owners):
            self.fields[f"lead_{index}"] = forms.ChoiceField(
                label=name, initial=KEEP_AS_ROLE, required=False,
                choices=choices[:1] + [(CREATE_GROUP, f"Create the group “{name[:60]}”")]
                + choices[1:])
            self.names.append((name, f"lead_{index}"))
        self.groups = {str(group.pk): group for group in groups}

    def clean_as_at(self):
        day = self.cleaned_data.get("as_at") or self.preview.default_as_at
        if day and day > timezone.localdate():
            raise forms.ValidationError("Progress cannot be as at a date in the future.")
        if day and day.year < 2000:
            raise forms.ValidationError("Give a date from 2000 onwards.")
        return day

    @property
    def quarter(self):
        day = self.initial_as_at()
        return Quarter.of(day) if day else None

    def initial_as_at(self):
        if "as_at" not in self.fields:
            return None
        if self.is_bound and self.is_valid():
            return self.cleaned_data["as_at"]
        return self.fields["as_at"].initial

    def owner_choices(self):
        """{name: Subgroup, CREATE_GROUP or KEEP_AS_ROLE} from a valid form."""
        chosen = {name: self.cleaned_data[field] or KEEP_AS_ROLE for name, field in self.names}
        return {name: self.groups.get(value, value) for name, value in chosen.items()}

    def lead_fields(self):
        """{name: bound field} for the mapping table."""
        return {name: self[field] for name, field in self.names}
