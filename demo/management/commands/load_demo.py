"""``manage.py load_demo``: load (or refresh) the Cumbria demo board."""

from django.core.management.base import BaseCommand, CommandError

from actions.models import ProgressUpdate
from demo.loader import DEFAULT_PASSWORD, load


class Command(BaseCommand):
    help = ("Load (or refresh) the Cumbria LSCB demo board – the Business Plan 2015-18 with an "
            "invented, labelled progress history – and the demo users manager, chair, viewer "
            "and admin. Safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD,
                            help=f"Password of the demo users (default: {DEFAULT_PASSWORD}).")

    def handle(self, *args, **options):
        try:
            loader = load(options["password"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        data = loader.data
        board, plan = loader.board, loader.plan
        self.stdout.write(self.style.SUCCESS(f"Loaded {board.name} ({board.slug})."))
        self.stdout.write(
            f"  {len(loader.members)} members of {len(data['agencies'])} agencies, "
            f"{len(loader.groups)} groups, {plan.title}: {len(loader.themes)} themes, "
            f"{len(loader.actions)} actions, {len(loader.items)} reporting planner items.")
        total = ProgressUpdate.objects.filter(action__plan=plan).count()
        self.stdout.write(f"  Demo progress updates: {loader.updates_added} added, {total} in all.")
        if loader.second_year is not None:
            carried = loader.second_year.actions.count()
            self.stdout.write(f"  Year-end 2015/16: {carried} actions carried into "
                              f"{loader.second_year.title} (live); {plan.title} is archived.")
        created = ", ".join(f"{n} {name}" for name, n in sorted(loader.created.items()))
        self.stdout.write(f"  New records: {created or 'none (already up to date)'}.")
        self.stdout.write("Demo sign-ins (all with the same password):")
        for username, label in [("manager", "business manager"),
                                ("chair", "chair of the Learning and Improvement Subgroup"),
                                ("viewer", "board member, read-only"),
                                ("admin", "Django administrator, /admin/")]:
            self.stdout.write(f"  {username:8} {label}")
