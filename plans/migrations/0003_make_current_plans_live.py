"""Each board's current approved plan becomes its live plan (so existing boards and the
demo keep their dashboard, chase lists and quarterly report), and the quarterly review
months move from the plan to the board, where the board settings page keeps them."""

from django.db import migrations


def make_live(apps, schema_editor):
    Board = apps.get_model("lscb", "Board")
    BusinessPlan = apps.get_model("plans", "BusinessPlan")
    for board in Board.objects.all():
        plans = BusinessPlan.objects.filter(board=board).exclude(status="archived")
        approved = plans.filter(status="approved").order_by("-start_year", "-pk").first()
        if approved is not None and not plans.filter(status="live").exists():
            approved.status = "live"
            approved.save(update_fields=["status"])
        newest = plans.order_by("-start_year", "-pk").first()  # the old meaning of "current"
        source = approved if approved is not None and approved.review_months else newest
        if source is not None and source.review_months and not board.review_months:
            board.review_months = source.review_months
            board.save(update_fields=["review_months"])


def undo(apps, schema_editor):
    Board = apps.get_model("lscb", "Board")
    BusinessPlan = apps.get_model("plans", "BusinessPlan")
    for plan in BusinessPlan.objects.filter(status="live"):
        plan.review_months = Board.objects.get(pk=plan.board_id).review_months
        plan.status = "approved"
        plan.save(update_fields=["status", "review_months"])


class Migration(migrations.Migration):
    dependencies = [
        ("lscb", "0002_board_kind_settings_history"),
        ("plans", "0002_plan_status_live_history"),
    ]

    operations = [migrations.RunPython(make_live, undo)]
