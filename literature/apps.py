from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiteratureConfig(AppConfig):
    name = "literature"
    verbose_name = _("Literature")

    def ready(self):
        from literature.models import ContentVersion
        from literature.versioning import content_models, track_content

        # Audit results, link checks and the record of link repairs are not content (audits run apart from edits;
        # a repair saves its reference, which is), nor is the version itself.
        glossary = {"glossaryterm", "glossaryterm_themes"}
        not_content = {"auditfinding", "linkcheck", "linkrepair", "contentversion"}
        track_content(*content_models(self, exclude=not_content | glossary))
        # The glossary shows in the library's searches, and has a scope of its own so that the copy of it each
        # server keeps in memory (GlossaryTerm.objects.pairs) outlives reference edits.
        glossary_models = [model for model in content_models(self) if model._meta.model_name in glossary]
        track_content(*glossary_models, scopes=lambda instance: (ContentVersion.LIBRARY, ContentVersion.GLOSSARY))
