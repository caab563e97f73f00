from django.apps import AppConfig


class LiteratureConfig(AppConfig):
    name = "literature"
    verbose_name = "Literature"

    def ready(self):
        from literature.versioning import connect_signals

        connect_signals()
