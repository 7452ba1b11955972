"""URL configuration of Fremdrift."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fremdrift.core import oidc, pages
from fremdrift.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("theme.css", pages.theme_css, name="theme-css"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("tilgaengelighed/", pages.accessibility_statement, name="accessibility"),
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/token/", core_views.api_token, name="api-token"),
    path("accounts/calendar/", core_views.calendar_subscription, name="calendar-subscription"),
    path("audit/", core_views.audit_list, name="audit-list"),
    path("oidc/authenticate/", oidc.authenticate_view, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.callback_view, name="oidc_authentication_callback"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("fremdrift.api.urls")),
    path("reports/", include("fremdrift.reports.urls")),
    path("import/", include("fremdrift.interchange.urls")),
    path("governance/", include("fremdrift.governance.urls")),
    path("participation/", include("fremdrift.participation.urls")),
    path("followup/", include("fremdrift.followup.urls")),
    path("indicators/", include("fremdrift.indicators.urls")),
    path("jobs/", include("fremdrift.jobs.urls")),
    path("offentlig/indikatorer/", include("fremdrift.indicators.public_urls")),
    path("", include("fremdrift.portfolio.urls")),
]

handler403 = "fremdrift.core.pages.permission_denied"
handler404 = "fremdrift.core.pages.page_not_found"
handler500 = "fremdrift.core.pages.server_error"
