"""Forms of the people page: add a person, change their role and the groups they lead."""

from django import forms

from lscb.models import Agency, BoardUser, Role

from .models import Subgroup
from .people import accounts_with_email


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect, initial=Role.VIEWER,
                             help_text="Business managers keep the plan; chairs update the "
                                       "actions of the groups they lead; agency "
                                       "representatives complete their agency's Section 11 "
                                       "return, answer its challenges and update the actions "
                                       "it leads; viewers read.")
    agency = forms.ModelChoiceField(
        label="Agency they represent", queryset=Agency.objects.none(), required=False,
        help_text="For an agency representative: they see only this agency's returns and "
                  "challenges.")
    groups = forms.ModelMultipleChoiceField(
        label="Groups they lead", queryset=Subgroup.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A chair may update these groups' actions and record their meetings.")

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["groups"].queryset = Subgroup.objects.for_board(board).order_by("name")
        self.fields["agency"].queryset = Agency.objects.for_board(board)

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.AGENCY_REP and not data.get("agency"):
            self.add_error("agency", "Choose the agency this person represents.")
        if data.get("role") != Role.AGENCY_REP:
            data["agency"] = None
        return data


class PersonForm(RoleForm):
    name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="E-mail address", max_length=150,
                             help_text="Someone new gets an e-mail with a link to set their "
                                       "password; an existing account is simply added.")
    field_order = ["name", "email", "role", "agency", "groups"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        found = accounts_with_email(email)
        if len(found) > 1:
            raise forms.ValidationError("Several accounts use this address: ask an "
                                        "administrator to add this person.")
        if found and BoardUser.objects.filter(board=self.board, user=found[0]).exists():
            raise forms.ValidationError("This person is already on the board: change their "
                                        "role from the list instead.")
        return email
