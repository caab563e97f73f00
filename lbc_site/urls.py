from django.contrib import admin
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views import defaults


def page_not_found(request, exception):
    """The API answers in JSON even for addresses no route matches; the site keeps Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found
handler500 = "ops.views.server_error"


def favicon(request):
    # Resolved per request: with manifest storage the hashed name exists only after collectstatic.
    return redirect(static("img/favicon.svg"), permanent=True)


urlpatterns = [
    # Browsers ask for /favicon.ico on every page, admin pages included.
    path("favicon.ico", favicon),
    path("", include("ops.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("courses/", include("courses.urls")),
    path("lti/", include("lti.urls")),
    path("", include("literature.urls")),
]
