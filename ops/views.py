from django.http import JsonResponse
from django.views import defaults


def server_error(request):
    """The API's clients read JSON even when a view fails unexpectedly; the site keeps Django's page."""
    if request.path.startswith("/api/"):
        request_id = getattr(request, "request_id", "")
        body = {"detail": "A server error occurred; it has been logged.", "request_id": request_id}
        return JsonResponse(body, status=500)
    return defaults.server_error(request)
