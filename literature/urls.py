from django.urls import path

from literature import views

app_name = "literature"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("articles/<slug:slug>/export.<str:export>", views.article_export, name="article_export"),
    path("references/", views.reference_list, name="reference_list"),
    path("references/export.<str:export>", views.reference_list_export, name="reference_list_export"),
    path("references/<slug:key>/", views.reference_detail, name="reference_detail"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("glossary/", views.glossary, name="glossary"),
]
