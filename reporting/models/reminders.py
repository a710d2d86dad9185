"""Personal calendar feeds and the log of reminders sent."""

from django.conf import settings
from django.db import models


class CalendarFeed(models.Model):
    """A user's secret calendar URL for one board. Resetting it revokes the old link."""

    board = models.ForeignKey("lscb.Board", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="one_feed_per_user_per_board")
        ]

    def __str__(self):
        return f"Calendar of {self.user} on {self.board}"


class ReminderLog(models.Model):
    """One digest e-mail sent; stops a second run on the same day sending it again."""

    board = models.ForeignKey("lscb.Board", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    kind = models.CharField(max_length=20)
    item_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user", "sent_on", "kind"], name="one_reminder_per_day"
            )
        ]

    def __str__(self):
        return f"{self.kind} reminder to {self.user} on {self.sent_on}"
