"""Who may see and edit what in the syllabus builder.

Instructors (staff users in the Instructor group) see and edit only the courses they teach, with
those courses' units and readings. Superusers see everything. Students and visitors have no admin.
"""

from django.http import Http404


class InstructorScopedAdminMixin:
    """Limits an admin to the objects of courses the user teaches; anything else is a 404."""

    #: Lookup from this model to its Course ("" for Course itself), e.g. "course__" for Unit.
    course_lookup = ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # (course, instructor) pairs are unique, so this join cannot duplicate rows.
        return queryset.filter(**{f"{self.course_lookup}instructors": request.user})

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Someone else's course looks exactly like one that does not exist: no redirect, no hint.
        raise Http404(f"No {opts.verbose_name} with ID {object_id!r} that you can edit.")
