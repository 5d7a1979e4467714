from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.conf import settings

        from config.celery import app

        from .tasks import REQUEUE_TASK_NAME

        # Builds and exports lost on the way are sent again (reports/jobs.py); beat copies this entry into its
        # database schedule when it starts, as it does the worker heartbeat (operations/apps.py).
        app.add_periodic_task(60.0 * settings.DUBAN_JOB_REQUEUE_MINUTES, app.signature(REQUEUE_TASK_NAME),
                              name="reports: send stalled report jobs again")
