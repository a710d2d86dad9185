from django.apps import AppConfig


class LscbConfig(AppConfig):
    name = "lscb"
    verbose_name = "Board"

    def ready(self):
        from . import security  # noqa: F401  (connects the sign-in signal receivers)
