from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.text import slugify

from lscb.fiscal import date_window, day_label
from lscb.models import Agency, Member, Role

from .models import Attendance, GroupMembership, Meeting, Subgroup, SubgroupFunction

RESERVED_SLUGS = {"new", "members", "agencies", "meetings", "attendance", "structure"}
ROLE_LABELS = dict(Role.choices)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BoardForm(forms.ModelForm):
    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.instance.board = board


def not_ended(queryset, keep=()):
    """Records without an end date in the past, plus the ones already chosen."""
    today = timezone.localdate()
    return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)
                           | Q(pk__in=[pk for pk in keep if pk]))


def below(pk, links):
    """Ids of the groups under group ``pk``, from (id, parent id) pairs."""
    found, frontier = set(), {pk}
    while frontier:
        frontier = {child for child, parent in links if parent in frontier} - found
        found |= frontier
    return found


class SubgroupForm(BoardForm):
    class Meta:
        model = Subgroup
        fields = ["name", "short_name", "kind", "accountable_to", "chair", "vice_chair",
                  "meeting_frequency", "description", "leads", "slug", "aliases", "active_from",
                  "active_until", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "aliases": forms.Textarea(attrs={"rows": 2}),
                   "leads": forms.CheckboxSelectMultiple, "active_from": DATE,
                   "active_until": DATE}
        labels = {"slug": "Web address", "vice_chair": "Vice-chair", "leads": "Leads"}
        help_texts = {"slug": "Part of the page address; made from the short name if left empty.",
                      "leads": "Users who may update this group's actions; those with the chair "
                      "role may also record its meetings and attendance.",
                      "meeting_frequency": "E.g. “Quarterly” or “Every two months”."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = list(Subgroup.objects.for_board(self.board).values_list(
            "pk", "name", "accountable_to_id"))
        hidden = set()
        if self.instance.pk:
            hidden = below(self.instance.pk, [(g[0], g[2]) for g in groups]) | {self.instance.pk}
        parent = self.fields["accountable_to"]
        # Any group of the board validates, so Subgroup.clean() explains a cycle next to the
        # field; the list offers only the groups that would not make one.
        parent.queryset = Subgroup.objects.for_board(self.board)
        parent.choices = [("", "The board")] + [(pk, name) for pk, name, _ in groups
                                                if pk not in hidden]
        members = not_ended(Member.objects.for_board(self.board),
                            [self.instance.chair_id, self.instance.vice_chair_id])
        self.fields["chair"].queryset = members
        self.fields["vice_chair"].queryset = members
        self.fields["slug"].required = False
        users = get_user_model().objects.filter(board_roles__board=self.board).annotate(
            role=F("board_roles__role")).order_by("username")
        self.fields["leads"].queryset = users
        self.fields["leads"].label_from_instance = (
            lambda u: f"{u.get_full_name() or u.username} ({ROLE_LABELS.get(u.role, u.role)})")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Subgroup.objects.for_board(self.board).filter(name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another group of this board has this name.")
        return name

    def clean(self):
        data = super().clean()
        slug = data.get("slug") or slugify(data.get("short_name") or data.get("name") or "")[:70]
        if not slug:  # e.g. a name of only symbols or emoji: no address can be made from it
            if data.get("name") and "slug" not in self.errors:
                self.add_error("slug", "Give a web address: letters, digits and hyphens.")
        elif slug in RESERVED_SLUGS:
            self.add_error("slug", "This web address is used by the app; choose another.")
        elif Subgroup.objects.for_board(self.board).filter(slug=slug).exclude(
                pk=self.instance.pk).exists():
            self.add_error("slug", "Another group already uses this web address.")
        else:
            data["slug"] = slug
        if data.get("chair") and data.get("chair") == data.get("vice_chair"):
            self.add_error("vice_chair", "The vice-chair must be someone other than the chair.")
        start, end = data.get("active_from"), data.get("active_until")
        if start and end and end < start:
            self.add_error("active_until", "The group cannot end before it starts.")
        return data


FunctionFormSet = inlineformset_factory(
    Subgroup, SubgroupFunction, fields=["number", "text"], extra=3, can_delete=True,
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
    max_num=100, absolute_max=100,  # a forged form count cannot make thousands of forms
)


class AgencyForm(BoardForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "sector", "is_statutory_partner",
                  "relevant_agency_since"]
        widgets = {"relevant_agency_since": forms.DateInput(attrs={"type": "date"},
                                                            format="%Y-%m-%d")}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Agency.objects.filter(board=self.board, name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already an agency with this name.")
        return name


class MemberForm(BoardForm):
    class Meta:
        model = Member
        fields = ["name", "job_title", "agency", "board_role", "note", "email", "start_date",
                  "end_date", "order"]
        labels = {"job_title": "Role / job title", "end_date": "End of membership"}
        widgets = {"start_date": DATE, "end_date": DATE}
        help_texts = {"end_date": "Set when someone leaves: past members are kept, never "
                      "deleted, and their open group memberships end on the same day."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.for_board(self.board)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date cannot be before the start date.")
        return data


class GroupMembershipForm(forms.ModelForm):
    class Meta:
        model = GroupMembership
        fields = ["member", "role", "start_date", "end_date"]
        labels = {"end_date": "End of membership"}
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.subgroup = group
        members = Member.objects.for_board(group.board_id).select_related("agency")
        self.fields["member"].queryset = not_ended(members, [self.instance.member_id])
        self.fields["member"].label_from_instance = (
            lambda m: f"{m.name} ({m.agency})" if m.agency else m.name)

    def clean(self):
        data = super().clean()
        start, end, member = data.get("start_date"), data.get("end_date"), data.get("member")
        if start and end and end < start:
            self.add_error("end_date", "The end date cannot be before the start date.")
        elif member:
            overlap = Q()
            if end:
                overlap &= Q(start_date__isnull=True) | Q(start_date__lte=end)
            if start:
                overlap &= Q(end_date__isnull=True) | Q(end_date__gte=start)
            spells = GroupMembership.objects.filter(subgroup=self.instance.subgroup, member=member)
            if spells.exclude(pk=self.instance.pk).filter(overlap).exists():
                self.add_error("member", "This person is already a member of the group for "
                               "some of these dates.")
        return data


BOARD = "board"


class _GroupOrBoardChoices(forms.models.ModelChoiceIterator):
    def __iter__(self):
        items = iter(super().__iter__())
        if self.field.empty_label is not None:
            yield next(items)
        if self.field.allow_board:
            yield (BOARD, "The board")
        yield from items

    def __len__(self):
        return super().__len__() + bool(self.field.allow_board)


class GroupOrBoardField(forms.ModelChoiceField):
    """A group, or (when offered) "board" for a meeting of the board itself: never a blank,
    so a form sent as it came is refused rather than recorded as a board meeting."""

    iterator = _GroupOrBoardChoices

    def __init__(self, *args, allow_board=False, **kwargs):
        self.allow_board = allow_board
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if self.allow_board and value == BOARD:
            return BOARD
        return super().to_python(value)

    def has_changed(self, initial, data):
        return str(initial or "") != str(data or "")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["subgroup", "date", "kind", "title", "notes"]
        labels = {"subgroup": "Meeting of"}
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, board, allowed_groups, allow_board, **kwargs):
        """``allowed_groups``: the groups this user may record; ``allow_board``: the board too.
        Only those are choices: any other group (a forged post) is "not a valid choice"."""
        super().__init__(*args, **kwargs)
        self.instance.board = board
        groups = Subgroup.objects.for_board(board).filter(pk__in=[g.pk for g in allowed_groups])
        self.fields["subgroup"] = GroupOrBoardField(
            groups, allow_board=allow_board, label="Meeting of", required=True,
            empty_label="Choose the board or a group" if allow_board else "Choose a group",
            error_messages={"required": "Choose the board or the group that met."
                            if allow_board else "Choose the group that met."})
        if self.instance.pk and self.instance.subgroup_id is None and allow_board:
            self.initial["subgroup"] = BOARD
        self.window = date_window(None)
        self.fields["date"].help_text = (f"Between {day_label(self.window[0])} and "
                                         f"{day_label(self.window[1])}.")

    def clean_subgroup(self):
        chosen = self.cleaned_data["subgroup"]
        return None if chosen == BOARD else chosen

    def clean_date(self):
        day = self.cleaned_data["date"]
        first, last = self.window
        if not first <= day <= last:
            raise forms.ValidationError(f"Give a date between {day_label(first)} and "
                                        f"{day_label(last)}.")
        return day


class AttendanceForm(forms.Form):
    """One status (and deputy's name) per member: ``rows`` are (member, record, expected)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for member, record, _expected in rows:
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=f"Attendance of {member.name}", choices=Attendance.Status.choices,
                initial=record.status if record else Attendance.Status.ABSENT,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
            self.fields[f"deputy_{member.pk}"] = forms.CharField(
                label=f"Deputy for {member.name}", required=False, max_length=120,
                initial=record.deputy_name if record else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))

    def clean(self):
        data = super().clean()
        for member, *_rest in self.rows:
            deputy = (data.get(f"deputy_{member.pk}") or "").strip()
            sent_deputy = data.get(f"status_{member.pk}") == Attendance.Status.DEPUTY
            problem = ("Give the deputy's name." if sent_deputy and not deputy else
                       f"A deputy's name goes with “{Attendance.Status.DEPUTY.label}”: choose "
                       "that, or clear the name." if deputy and not sent_deputy else None)
            if problem:  # never a name dropped unseen
                self.add_error(f"deputy_{member.pk}", problem)
                self.fields[f"deputy_{member.pk}"].widget.attrs["class"] += " is-invalid"
        return data

    def entries(self):
        """(member, status, deputy name) from the cleaned data."""
        for member, *_rest in self.rows:
            status = self.cleaned_data[f"status_{member.pk}"]
            deputy = self.cleaned_data[f"deputy_{member.pk}"].strip()
            yield member, status, deputy if status == Attendance.Status.DEPUTY else ""

    def fields_by_row(self):
        for member, record, expected in self.rows:
            yield (member, record, expected, self[f"status_{member.pk}"],
                   self[f"deputy_{member.pk}"])
