from django.urls import path

from literature import views

app_name = "literature"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
]
