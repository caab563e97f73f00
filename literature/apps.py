from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiteratureConfig(AppConfig):
    name = "literature"
    verbose_name = _("Literature")

    def ready(self):
        from literature.versioning import content_models, track_content

        # Audit results, link checks and the record of link repairs are not content (audits run apart from edits;
        # a repair saves its reference, which is), nor is the version itself.
        track_content(*content_models(self, exclude={"auditfinding", "linkcheck", "linkrepair", "contentversion"}))
