from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiteratureConfig(AppConfig):
    name = "literature"
    verbose_name = _("Literature")

    def ready(self):
        from literature.versioning import content_models, track_content

        # Audit results and link checks are not content (audits run apart from edits), nor is the version itself.
        track_content(*content_models(self, exclude={"auditfinding", "linkcheck", "contentversion"}))
