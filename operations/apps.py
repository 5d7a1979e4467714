from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from django.conf import settings

        from config.celery import app

        # Celery's autodiscovery only imports modules named tasks.py; our jobs live in jobs.py.
        from . import jobs  # noqa: F401

        # Registered here, not in settings, so the heartbeat comes with the app whatever else is scheduled;
        # django-celery-beat copies it into its database schedule when beat starts.
        app.add_periodic_task(
            settings.DUBAN_HEARTBEAT_SECONDS, app.signature("operations.heartbeat"), name="worker heartbeat"
        )
