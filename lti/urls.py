from django.urls import path

from lti import views

app_name = "lti"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("launch/", views.launch, name="launch"),
    # Under launch/ on purpose: the state cookie's path covers it (a browser that keeps the cookie sends it).
    path("launch/continue/", views.launch_continue, name="launch_continue"),
    path("deep-link/return/", views.deep_link_return, name="deep_link_return"),
    path("jwks/", views.jwks, name="jwks"),
]
