"""Forms of the board itself: a new board (administrators) and its settings (the
business manager)."""

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify

from .boards import find_user
from .models import MONTHS, Agency, Board, Member, SafeguardingPartner
from .papers.images import ImageRefused, clean_logo


class NewBoardForm(forms.ModelForm):
    manager = forms.CharField(
        label="Business manager", required=False, max_length=254,
        help_text="Username or e-mail address of an existing account. Leave empty to be "
                  "the business manager yourself.")

    class Meta:
        model = Board
        fields = ["name", "short_name", "slug", "area", "kind"]
        labels = {"slug": "Web name", "kind": "Kind of board"}
        help_texts = {"slug": "Letters, numbers and hyphens; made from the short name if left "
                              "empty.", "short_name": "For example “North SCP”; 40 letters at most."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["slug"].required = False

    def clean_manager(self):
        name = self.cleaned_data["manager"].strip()
        if not name:
            return self.user
        account = find_user(name)
        if account is None:
            raise forms.ValidationError("No single account has this username or e-mail "
                                        "address: create it in /admin/ first.")
        return account

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("short_name"):
            slug = slugify(data["short_name"])[:60]
            if not slug:
                self.add_error("slug", "Give the board a web name.")
            elif Board.objects.filter(slug=slug).exists():
                self.add_error("slug", "Another board already has this web name.")
            data["slug"] = slug
        return data


class BoardSettingsForm(forms.ModelForm):
    review_months = forms.TypedMultipleChoiceField(
        label="Quarterly review months", choices=MONTHS, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The months in which the board reviews the plan's progress.")

    class Meta:
        model = Board
        fields = ["name", "short_name", "kind", "area", "logo", "introduction", "vision",
                  "vision_note", "values", "statutory_objectives", "core_functions",
                  "independent_chair", "scrutineer", "review_months", "protective_marking",
                  "rapid_review_days", "publication_months"]
        labels = {"kind": "Kind of board", "core_functions": "Core functions",
                  "vision_note": "How the vision was agreed"}
        help_texts = {"logo": "PNG or SVG, at most 1 MB; shown on the cover of every paper.",
                      "core_functions": "One function per line, in the order they are "
                                        "numbered."}
        widgets = {name: forms.Textarea(attrs={"rows": rows}) for name, rows in [
            ("introduction", 4), ("vision", 2), ("vision_note", 2), ("values", 4),
            ("statutory_objectives", 4), ("core_functions", 6)]}
        widgets["logo"] = forms.ClearableFileInput(attrs={"accept": ".png,.svg,image/png,"
                                                                    "image/svg+xml"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        board = self.instance
        chosen = [board.independent_chair_id] if board.independent_chair_id else []
        members = Member.objects.for_board(board)
        self.fields["independent_chair"].queryset = (members.current() | members.filter(
            pk__in=chosen)).distinct()
        for name in ("rapid_review_days", "publication_months"):  # blank: keep as it is
            self.fields[name].required = False
        self.fields["rapid_review_days"].max_value = 250
        self.fields["rapid_review_days"].widget.attrs["max"] = 250
        self.fields["publication_months"].max_value = 60
        self.fields["publication_months"].widget.attrs["max"] = 60

    def _kept(self, name):
        value = self.cleaned_data.get(name)
        return value if value is not None else getattr(self.instance, name)

    def clean_rapid_review_days(self):
        value = self._kept("rapid_review_days")
        if not 1 <= value <= 250:
            raise forms.ValidationError("Give 1 to 250 working days.")
        return value

    def clean_publication_months(self):
        value = self._kept("publication_months")
        if not 1 <= value <= 60:
            raise forms.ValidationError("Give 1 to 60 months.")
        return value

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged, or cleared
        try:
            extension, content = clean_logo(upload.name, upload.read())
        except ImageRefused as error:
            raise forms.ValidationError(str(error)) from None
        return ContentFile(content, name=f"{self.instance.slug}-logo.{extension}")


class PartnerForm(forms.ModelForm):
    """One of the partnership's safeguarding partners."""

    class Meta:
        model = SafeguardingPartner
        fields = ["agency", "is_lead", "lead_name", "delegated_name", "since"]
        widgets = {"since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["agency"].queryset = Agency.objects.for_board(board)

    def clean_agency(self):
        agency = self.cleaned_data["agency"]
        clash = SafeguardingPartner.objects.filter(board=self.instance.board, agency=agency)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This agency is already a safeguarding partner.")
        return agency
