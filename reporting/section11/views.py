"""Section 11 audit pages."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from actions.models import Action
from lscb import once
from lscb.access import board_required, get_for_board, is_manager, manager_required
from lscb.editing import edit, takes_form
from lscb.fiscal import FIRST_YEAR, LAST_YEAR
from lscb.models import Agency
from lscb.papers.figures import possessive
from lscb.rag import Compliance
from reporting.models import Section11Rating, Section11Return, Section11Round, Section11Standard
from reporting.section11.services import ensure_standards, summary_grid


class RoundForm(forms.ModelForm):
    class Meta:
        model = Section11Round
        fields = ["title", "year", "opened_on", "closes_on"]
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(f"Give the financial year it starts in, {FIRST_YEAR} to "
                                        f"{LAST_YEAR} (e.g. 2015 for 2015/16).")
        return year

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if Section11Round.objects.filter(board=self.instance.board, title__iexact=title).exclude(
                pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already a round with this title.")
        return title


class ReturnForm(forms.Form):
    """One agency's evidence, rating and QA comment against every standard."""

    def __init__(self, *args, standards, ratings, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = standards
        actions = Action.objects.for_board(board).active().select_related("plan")
        for s in standards:
            current = ratings.get(s.pk)
            self.fields[f"evidence_{s.pk}"] = forms.CharField(
                label=f"{s.number}. {s.title}: evidence", required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.evidence if current else "")
            self.fields[f"rating_{s.pk}"] = forms.ChoiceField(
                label=f"{s.number}. {s.title}: compliance", required=False,
                choices=[("", "Not rated yet"), *Compliance.choices],
                initial=current.rating if current else "")
            self.fields[f"qa_{s.pk}"] = forms.CharField(
                label=f"{s.number}. {s.title}: QA comment", required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.qa_comment if current else "")
            self.fields[f"actions_{s.pk}"] = forms.ModelMultipleChoiceField(
                label=f"{s.number}. {s.title}: follow-up actions", required=False,
                queryset=actions, initial=list(current.follow_up_actions.all()) if current else [])

    def clean(self):
        data = super().clean()
        for s in self.standards:
            has_content = data.get(f"evidence_{s.pk}") or data.get(f"qa_{s.pk}") or data.get(
                f"actions_{s.pk}")
            if has_content and not data.get(f"rating_{s.pk}"):
                self.add_error(f"rating_{s.pk}", "Rate compliance with this standard.")
        return data

    def groups(self):
        for s in self.standards:
            yield s, [self[f"{k}_{s.pk}"] for k in ("rating", "evidence", "qa", "actions")]


@require_safe
@board_required
def round_list(request):
    rounds = Section11Round.objects.for_board(request.board)
    standards = Section11Standard.objects.for_board(request.board)
    return render(request, "reporting/section11_rounds.html", {
        "rounds": rounds, "standards": standards, "can_edit": is_manager(request)})


@takes_form
@manager_required
def round_new(request):
    if answered := once.replayed(request):
        return answered
    form = RoundForm(request.POST or None, board=request.board)
    if request.method == "POST" and form.is_valid():
        def start():
            round_ = form.save()
            ensure_standards(request.board)
            return round_

        return once.save_once(request, start,
                              done=lambda round_: reverse("reporting:s11_round", args=[round_.pk]))
    return render(request, "plans/register_form.html", {
        "form": form, "heading": "Start a Section 11 audit round", "back": "reporting:s11"})


@require_safe
@board_required
def round_detail(request, pk):
    round_ = get_for_board(request, Section11Round, pk=pk)
    standards, rows, counts = summary_grid(round_)
    returned = {agency.pk for agency, _, _ in rows}
    return render(request, "reporting/section11_round.html", {
        "round": round_, "standards": standards, "rows": rows, "counts": counts,
        "missing": Agency.objects.for_board(request.board).exclude(pk__in=returned),
        "can_edit": is_manager(request)})


@takes_form
@manager_required
def return_edit(request, pk, agency_pk):
    round_ = get_for_board(request, Section11Round, pk=pk)
    agency = get_for_board(request, Agency, pk=agency_pk)
    standards = ensure_standards(request.board)
    existing = Section11Return.objects.filter(round=round_, agency=agency).first()
    ratings = {}
    if existing:
        ratings = {r.standard_id: r for r in existing.ratings.prefetch_related("follow_up_actions")}
    form = ReturnForm(request.POST or None, standards=standards, ratings=ratings,
                      board=request.board)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            ret, _ = Section11Return.objects.get_or_create(round=round_, agency=agency)
            for s in standards:
                rating = form.cleaned_data[f"rating_{s.pk}"]
                if not rating:
                    Section11Rating.objects.filter(section11_return=ret, standard=s).delete()
                    continue
                row, _ = Section11Rating.objects.update_or_create(
                    section11_return=ret, standard=s, defaults={
                        "rating": rating, "evidence": form.cleaned_data[f"evidence_{s.pk}"],
                        "qa_comment": form.cleaned_data[f"qa_{s.pk}"]})
                row.follow_up_actions.set(form.cleaned_data[f"actions_{s.pk}"])
        messages.success(request, f"{possessive(agency.name)} return saved.")
        return redirect("reporting:s11_round", pk=round_.pk)
    return render(request, "reporting/section11_return.html",
                  {"round": round_, "agency": agency, "form": form})


class StandardForm(forms.ModelForm):
    class Meta:
        model = Section11Standard
        fields = ["number", "title", "minimum_requirements"]
        widgets = {"minimum_requirements": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board

    def clean_number(self):
        number = self.cleaned_data["number"]
        if Section11Standard.objects.filter(board=self.instance.board, number=number).exclude(
                pk=self.instance.pk).exists():
            raise forms.ValidationError("Another standard has this number.")
        return number


@takes_form
@manager_required
def standard_edit(request, pk=None):
    if pk is None:
        ensure_standards(request.board)
    standard = get_for_board(request, Section11Standard, pk=pk) if pk else None
    return edit(request, StandardForm, instance=standard, board=request.board,
                done="reporting:s11", saved="Standard saved.", context={
                    "back": "reporting:s11",
                    "heading": f"Edit standard {standard.number}" if standard else "Add a standard"})
