"""Forms of the people page: add a person, change their role and the groups they lead."""

from django import forms

from lscb.models import BoardUser, Role

from .models import Subgroup
from .people import accounts_with_email


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect, initial=Role.VIEWER,
                             help_text="Business managers keep the plan; chairs update the "
                                       "actions of the groups they lead; viewers read.")
    groups = forms.ModelMultipleChoiceField(
        label="Groups they lead", queryset=Subgroup.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A chair may update these groups' actions and record their meetings.")

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["groups"].queryset = Subgroup.objects.for_board(board).order_by("name")


class PersonForm(RoleForm):
    name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="E-mail address", max_length=150,
                             help_text="Someone new gets an e-mail with a link to set their "
                                       "password; an existing account is simply added.")
    field_order = ["name", "email", "role", "groups"]

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
