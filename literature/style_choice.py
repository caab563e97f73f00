"""Which citation style a reader sees: ?style=… on the page, else the one they chose before (a cookie)."""

from django.utils.translation import gettext as _

from literature.citations import DEFAULT_STYLE, STYLES
from literature.citations.formatting import number_label

COOKIE = "citation_style"
ONE_YEAR = 60 * 60 * 24 * 365


def chosen_style(request, default: str = "") -> tuple[str, str]:
    """The style to show and, for an unknown style name, a message saying what is shown instead. The reader's
    choice wins; without one, `default` (a course's own style), else the site's default."""
    fallback = default if default in STYLES else DEFAULT_STYLE
    requested = request.GET.get("style") or request.COOKIES.get(COOKIE) or fallback
    if requested in STYLES:
        return requested, ""
    message = _("There is no citation style “%(requested)s”; showing %(default)s instead.")
    return fallback, message % {"requested": requested[:60], "default": STYLES[fallback]}


def remember_style(request, response, style: str):
    if request.GET.get("style") == style:
        response.set_cookie(COOKIE, style, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure())
    return response


def style_context(style: str, problem: str) -> dict:
    # Numeric styles print the entry's number themselves; author-date styles need it shown beside them.
    return {"styles": STYLES, "style": style, "style_problem": problem, "numeric_style": bool(number_label(style, 1))}
