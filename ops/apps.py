from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: health check, request logs, error pages for the API, backups."""

    name = "ops"
    verbose_name = "Operations"
