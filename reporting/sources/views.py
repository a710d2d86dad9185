"""Sources (inspections, reviews, audits) and what the board did about each recommendation."""

from django import forms
from django.db.models import Count
from django.forms import inlineformset_factory
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from lscb.access import board_required, get_for_board, is_manager, manager_required
from lscb.editing import edit, takes_form
from plans.models import Recommendation, Source


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["kind", "title", "date", "summary"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        clash = Source.objects.filter(board=self.instance.board, title__iexact=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already a source with this title.")
        return title


RecommendationFormSet = inlineformset_factory(
    Source, Recommendation, fields=["number", "text"], extra=3, can_delete=False,
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
    max_num=200, absolute_max=200,  # a forged form count cannot make thousands of forms
)


@board_required
@require_safe
def source_list(request):
    sources = Source.objects.for_board(request.board).annotate(
        recommendation_count=Count("recommendations", distinct=True))
    return render(request, "plans/sources.html",
                  {"sources": sources, "can_edit": is_manager(request)})


@takes_form
@manager_required
def source_edit(request, pk=None):
    source = get_for_board(request, Source, pk=pk) if pk else None
    return edit(request, SourceForm, instance=source, board=request.board,
                template="plans/source_form.html",
                done=lambda saved: reverse("plans:source", args=[saved.pk]),
                saved="“{0.title}” saved.", formset=(RecommendationFormSet, "recommendations"),
                context={"source": source})
