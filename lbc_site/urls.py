from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views import defaults

from lbc_site.rules import lookup_id


def page_not_found(request, exception):
    """The API answers in JSON even for addresses no route matches; the site keeps Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found
handler500 = "ops.views.server_error"  # JSON for the API, with the request id


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" link, only for an object the user may edit in the admin: Django's own would send
    any staff user to another instructor's draft (its address is a hint in itself)."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404("No such content type.") from None
    model_admin = admin.site._registry.get(model)
    pk = lookup_id(object_id)
    obj = model_admin.get_queryset(request).filter(pk=pk).first() if model_admin and pk is not None else None
    if obj is None or not model_admin.has_change_permission(request, obj):
        raise Http404("No such object that you can edit.")
    return shortcut(request, content_type_id, object_id)


def favicon(request):
    # Resolved per request: with manifest storage the hashed name exists only after collectstatic.
    return redirect(static("img/favicon.svg"), permanent=True)


urlpatterns = [
    # Browsers ask for /favicon.ico on every page, admin pages included.
    path("favicon.ico", favicon),
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site), name="view_on_site"),
    path("", include("ops.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("courses/", include("courses.urls")),
    path("lti/", include("lti.urls")),
    path("", include("literature.urls")),
]
