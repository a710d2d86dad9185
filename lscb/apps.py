from django.apps import AppConfig


class LscbConfig(AppConfig):
    name = "lscb"
    verbose_name = "Board"

    def ready(self):
        # connects the sign-in signal receivers; registers the two-factor system check
        from . import security, two_factor  # noqa: F401
