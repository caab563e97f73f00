from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.contrib.auth import get_user_model

        from courses.models import COURSES, course_scopes
        from courses.views import assigned_in_section
        from literature.pages import register_reference_page_section
        from literature.versioning import content_models, track_content

        # A change shows on its course's pages and on lists of courses (and where references are assigned), not
        # in the library. Instructors' names appear on course pages, so a renamed user is a content change too.
        track_content(*content_models(self), get_user_model(), scopes=course_scopes)
        register_reference_page_section(assigned_in_section, scopes=[COURSES])
