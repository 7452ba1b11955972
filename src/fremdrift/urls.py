"""URL configuration of Fremdrift."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from fremdrift.core.views import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="portfolio:plan-list", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("fremdrift.api.urls")),
    path("reports/", include("fremdrift.reports.urls")),
    path("governance/", include("fremdrift.governance.urls")),
    path("participation/", include("fremdrift.participation.urls")),
    path("followup/", include("fremdrift.followup.urls")),
    path("", include("fremdrift.portfolio.urls")),
]
