"""/reviews/: the board's local case reviews with their clocks; each review's
recommendations are a source that actions answer (see /plans/sources/)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from actions.models import Action
from lscb.access import board_required, get_for_board, is_manager, manager_required
from lscb.editing import edit, takes_form
from lscb.models import Board
from lscb.vocabulary import words_for
from plans.models import CaseReview, Source
from plans.reviews import looks_like_full_name

SOURCE_KIND = {Board.Kind.LSCB: Source.Kind.SCR, Board.Kind.SCP: Source.Kind.CSPR,
               Board.Kind.SAB: Source.Kind.SAR}
DATES = ["notified_on", "rapid_review_on", "decided_on", "published_on"]


class CaseReviewForm(forms.ModelForm):
    class Meta:
        model = CaseReview
        fields = ["pseudonym", "notified_on", "rapid_review_on", "decision", "decided_on",
                  "panel_view", "terms_of_reference", "author", "published_on", "findings",
                  "learning_briefing", "status"]
        widgets = {
            **{name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in DATES},
            **{name: forms.Textarea(attrs={"rows": 3}) for name in
               ["panel_view", "terms_of_reference", "findings", "learning_briefing"]},
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        words = words_for(board)
        self.fields["pseudonym"].help_text = (
            f"A pseudonym only, e.g. “{words.person.capitalize()} J”. Never write a "
            f"{words.person}'s or family member's real name here or anywhere in the review.")
        self.fields["notified_on"].help_text = (
            f"The rapid review is due {board.rapid_review_days} working days later.")
        self.fields["decided_on"].help_text = (
            f"A local review is due to be published {board.publication_months} months later.")

    def clean_pseudonym(self):
        name = self.cleaned_data["pseudonym"].strip()
        clash = CaseReview.objects.filter(board=self.instance.board, pseudonym__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another review has this pseudonym.")
        return name

    def clean(self):
        data = super().clean()
        notified = data.get("notified_on")
        for name in ("rapid_review_on", "decided_on", "published_on"):
            if notified and data.get(name) and data[name] < notified:
                self.add_error(name, "This cannot come before the notification.")
        if data.get("decision") in (CaseReview.Decision.LOCAL, CaseReview.Decision.NO_LOCAL) \
                and not data.get("decided_on"):
            self.add_error("decided_on", "Give the date of the decision.")
        if data.get("published_on") and data.get("decision") != CaseReview.Decision.LOCAL:
            self.add_error("published_on", "Only a local review is published.")
        return data


def save_review(request):
    """Save the review; its recommendations get a source of their own (once)."""

    def save(form):
        with transaction.atomic():
            review = form.save()
            if review.source_id is None:
                words = words_for(review.board)
                title = f"{words.review_short} {review.pseudonym}"
                n = 1
                while Source.objects.filter(board=review.board, title=title).exists():
                    n += 1
                    title = f"{words.review_short} {review.pseudonym} ({n})"
                review.source = Source.objects.create(
                    board=review.board, title=title, date=review.published_on,
                    kind=SOURCE_KIND.get(review.board.kind, Source.Kind.OTHER),
                    summary=f"The recommendations of the {words.review} of {review.pseudonym}.")
                review.save(update_fields=["source"])
        texts = " ".join(str(form.cleaned_data.get(n) or "") for n in
                         ("pseudonym", "panel_view", "terms_of_reference", "findings",
                          "learning_briefing"))
        if looks_like_full_name(texts):
            messages.warning(request, "Saved, but something in this review looks like a "
                             "person's full name. Use pseudonyms only: check the pseudonym, "
                             "findings and learning briefing.")
        return review

    return save


@require_safe
@board_required
def review_list(request):
    today = timezone.localdate()
    reviews = list(CaseReview.objects.for_board(request.board).select_related("board", "source"))
    for review in reviews:
        review.clock_list = review.clocks(today)
        review.overdue = review.overdue_clocks(today, review.clock_list)
    return render(request, "reporting/reviews.html", {
        "reviews": reviews, "can_edit": is_manager(request),
        "overdue": sum(bool(r.overdue) for r in reviews)})


@require_safe
@board_required
def review_detail(request, pk):
    review = get_for_board(request, CaseReview.objects.select_related("board", "source"), pk=pk)
    recommendations = []
    if review.source_id:
        answering = Action.objects.for_board(request.board).visible_to(is_manager(request))
        recommendations = list(review.source.recommendations.prefetch_related(
            Prefetch("actions", queryset=answering, to_attr="answering")))
    return render(request, "reporting/review.html", {
        "review": review, "clocks": review.clocks(), "recommendations": recommendations,
        "can_edit": is_manager(request)})


@takes_form
@manager_required
def review_edit(request, pk=None):
    review = get_for_board(request, CaseReview, pk=pk) if pk else None
    words = words_for(request.board)
    return edit(request, CaseReviewForm, instance=review, board=request.board,
                save=save_review(request), done=lambda r: r.get_absolute_url(),
                saved="{0.pseudonym}: review saved.", context={
                    "back": "reviews:list",
                    "heading": f"Edit the {words.review} of {review}" if review
                    else f"Record a {words.review}"})
