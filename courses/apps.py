from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.contrib.auth import get_user_model

        from courses.models import (
            COURSES,
            course_scopes,
            references_assigned_in_published_courses,
            references_read_in_courses_taught_by,
        )
        from courses.views import assigned_in_section
        from literature.pages import register_reference_page_section
        from literature.versioning import content_models, track_content
        from literature.visibility import register_private_reference_reader, register_public_reference_condition

        # A change shows on its course's pages and on lists of courses (and where references are assigned), not
        # in the library. Instructors' names appear on course pages, so a renamed user is a content change too.
        track_content(*content_models(self), get_user_model(), scopes=course_scopes)
        register_reference_page_section(assigned_in_section, scopes=[COURSES])
        # A reference an instructor added stays private until a published course assigns it.
        register_public_reference_condition(references_assigned_in_published_courses)
        register_private_reference_reader(references_read_in_courses_taught_by)
