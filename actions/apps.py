from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ActionsConfig(AppConfig):
    name = "actions"

    def ready(self):
        """Keep each action's stored latest update in step with its updates (actions.latest)."""
        from . import latest
        from .models import ProgressUpdate, UpdateWithdrawal

        post_save.connect(latest.update_saved, sender=ProgressUpdate,
                          dispatch_uid="actions.latest.update_saved")
        for signal in (post_save, post_delete):
            signal.connect(latest.withdrawal_changed, sender=UpdateWithdrawal,
                           dispatch_uid=f"actions.latest.withdrawal_{signal is post_save}")
