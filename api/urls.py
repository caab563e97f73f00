from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("references", views.ReferenceViewSet, basename="reference")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("courses", views.CourseViewSet, basename="course")
router.register("units", views.UnitViewSet, basename="unit")
router.register("items", views.ReadingItemViewSet, basename="item")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (?script=) instead of inline, as the site's CSP requires.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
]
