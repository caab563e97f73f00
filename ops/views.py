from django.http import JsonResponse
from django.views import defaults

from lbc_site.responses import server_error_body


def server_error(request):
    """The API's clients read JSON even when a view fails unexpectedly; the site keeps Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(server_error_body(request), status=500)
    return defaults.server_error(request)
