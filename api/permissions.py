from rest_framework.permissions import SAFE_METHODS, BasePermission

from lbc_site.roles import is_instructor


class InstructorsWriteOwnCourses(BasePermission):
    """Anyone reads what is published; instructors write, and only to courses they teach."""

    message = "Only instructors can change courses, and only the courses they teach."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_instructor(request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        course = getattr(obj, "course", None) or getattr(getattr(obj, "unit", None), "course", None) or obj
        return course.is_taught_by(request.user)
