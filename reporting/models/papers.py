"""How the board prints its papers: the Business Plan document's columns."""

from django.db import models


class PlanPaperLayout(models.Model):
    """The columns the Business Plan document prints, in order, and its orientation.
    A plan without one prints the default preset (see ``reporting.papers.plan_layout``)."""

    board_path = "plan__board"  # for lscb.access.get_for_board

    plan = models.OneToOneField("plans.BusinessPlan", on_delete=models.CASCADE,
                                related_name="paper_layout")
    columns = models.JSONField(default=list, help_text="Action fields, in the order printed.")
    landscape = models.BooleanField("print the action plan landscape", default=False)

    def __str__(self):
        return f"Layout of {self.plan}"
