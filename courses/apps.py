from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"

    def ready(self):
        from django.contrib.auth import get_user_model

        from courses.views import assigned_in_section
        from literature.pages import register_reference_page_section
        from literature.versioning import content_models, track_content

        # Instructors' names appear on course pages, so a renamed user is a content change too.
        track_content(*content_models(self), get_user_model())
        register_reference_page_section(assigned_in_section)
