from django.urls import path

from ops import middleware

app_name = "ops"

# Served by ops.middleware.HealthCheckMiddleware before routing; the route names the address and answers
# the same way should that middleware be left out.
urlpatterns = [path("healthz", middleware.healthz, name="healthz")]
