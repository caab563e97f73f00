from itertools import groupby

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from courses.exports import EXPORTS, export_response
from courses.models import COURSE_SCOPE_PREFIX, Course, course_scope, course_scope_sql
from courses.syllabus import CourseSyllabus
from lbc_site.responses import public_page, reader
from literature.models import ContentVersion, content_version_key
from literature.page_cache import cached_public_page, page_version
from literature.pages import Section
from literature.style_choice import chosen_style, remember_style, style_context

EXPORT_CACHE_SECONDS = 24 * 60 * 60  # keyed by content version: never stale, this only bounds storage


def course_list(request):
    """Published courses grouped by term, newest first."""
    courses = Course.objects.published().prefetch_related("instructors").order_by("-start_date", "term", "code")
    terms = [(term, list(items)) for term, items in groupby(courses, key=lambda course: course.term)]
    return render(request, "courses/course_list.html", {"terms": terms})


def _visible_course(request, slug):
    # The instructors are read by the page's byline itself: a prefetch cost more than the course's own query.
    return get_object_or_404(Course.objects.visible_to(reader(request)), slug=slug)


def _course_version(course) -> str:
    """The content version of a course's pages and files: the library's and this course's."""
    return content_version_key(ContentVersion.LIBRARY, course_scope(course.pk))


def course_export(request, slug, export):
    """The reading list as a file; the bibliography in the reader's chosen citation style. Made once per content
    version of the course, style and language, then served from the cache."""
    if export not in EXPORTS:
        raise Http404("Unknown export format.")
    course = _visible_course(request, slug)
    style, _ = chosen_style(request, course.citation_style)
    key = f"course-export:{_course_version(course)}:{course.pk}:{export}:{style}:{get_language()}"
    response = cache.get(key)
    if response is None:
        response = export_response(course, list(course.units_with_readings(themes=False)), export, style)
        cache.set(key, response, EXPORT_CACHE_SECONDS)
    return response


def _published_course_version(request, slug):
    """What an anonymous reader's course page shows: the library and the course, if it is published (found by its
    address in the same query as the stamps)."""
    version = content_version_key(
        ContentVersion.LIBRARY,
        scope_sql=f"SELECT {course_scope_sql('id')} FROM {Course._meta.db_table} WHERE slug = %s AND status = %s",
        scope_params=[slug, Course.Status.PUBLISHED],
    )
    return version if any(scope.startswith(COURSE_SCOPE_PREFIX) for scope in version.scopes) else None


@cached_public_page(parameters=["style"], version=_published_course_version)
def course_detail(request, slug):
    """A course's reading list; drafts and archived courses exist only for their instructors (a preview)."""
    course = _visible_course(request, slug)
    style, problem = chosen_style(request, course.citation_style)
    context = {
        "course": course,
        "content_version": page_version(request, ContentVersion.LIBRARY, course_scope(course.pk)),
        # Read only when the page's cached fragments are missing (templates/courses/course_detail.html).
        "syllabus": CourseSyllabus(course, style),
        "is_preview": course.status != Course.Status.PUBLISHED,
        "exports": list(EXPORTS.items()),
        **style_context(style, problem),
    }
    response = render(request, "courses/course_detail.html", context)
    return remember_style(request, public_page(response, context["content_version"].changed), style)


def assigned_in_section(reference) -> Section:
    """The reference page's "Assigned in" section: the published courses that read it (registered in apps.py)."""
    courses = Course.objects.published().filter(units__items__reference=reference).distinct().order_by("term", "code")
    return Section("courses/_assigned_in.html", {"courses": list(courses)})
