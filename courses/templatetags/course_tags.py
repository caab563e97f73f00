from django import template
from django.utils.translation import gettext

from courses.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def duration(minutes):
    """Minutes as a reader counts them: "45 min", "12 h 25 min" (a course's reading time)."""
    minutes = int(minutes or 0)
    if minutes < 60:
        return gettext("%(minutes)s min") % {"minutes": minutes}
    hours, rest = divmod(minutes, 60)
    if not rest:
        return gettext("%(hours)s h") % {"hours": hours}
    return gettext("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
