from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site: health check, request logs, error pages for the API, backups."""

    name = "ops"
    verbose_name = _("Operations")
