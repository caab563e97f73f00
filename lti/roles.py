"""Who may choose content for a course: the LIS v2 roles of LTI 1.3 (LTI Core, appendix A.2)."""

LIS = "http://purl.imsglobal.org/vocab/lis/v2/"

# Context (course) roles; LTI 1.3 lets platforms send a context role by its short name too.
_CONTEXT_TEACHING = {"Instructor", "ContentDeveloper", "Administrator"}
# Sub-roles of Instructor that teach; Grader is left out (student markers have it).
_INSTRUCTOR_SUB_ROLES = {
    "TeachingAssistant",
    "PrimaryInstructor",
    "SecondaryInstructor",
    "Lecturer",
    "GuestInstructor",
    "ExternalInstructor",
}
TEACHING_ROLES = frozenset(
    {LIS + "membership#" + role for role in _CONTEXT_TEACHING}
    | _CONTEXT_TEACHING
    | {LIS + "membership/Instructor#" + role for role in _INSTRUCTOR_SUB_ROLES}
    | {LIS + "membership/ContentDeveloper#" + role for role in ("ContentDeveloper", "ContentExpert", "Librarian")}
    # Institution-wide, only administrators: an institution's instructor may be a learner in this course.
    | {LIS + "institution/person#Administrator"}
    | {LIS + "system/person#" + role for role in ("Administrator", "SysAdmin")}
)


def has_teaching_role(roles) -> bool:
    """True when the roles claim names an instructor, content developer or administrator role."""
    return isinstance(roles, list) and any(isinstance(role, str) and role in TEACHING_ROLES for role in roles)
