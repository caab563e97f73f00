"""Links to the outside world, written out only when they are web addresses.

Stored URLs are validated on every write path (lbc_site/rules.py); rows stored before that, or by a path that is
added later and forgets, still never become a javascript: or data: link on a page.
"""

from django import template

from lbc_site.rules import safe_href

register = template.Library()


@register.filter
def web_url(value) -> str:
    """The URL when it is http:// or https://, else "" (use it in {% if %} and in href; autoescaping still applies)."""
    return safe_href(value)
