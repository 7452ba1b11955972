"""URLs of the REST API, version 1: collections, the OpenAPI schema and its documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from fremdrift.api import governance, participation, views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("plans", views.PlanViewSet, basename="plan")
router.register("areas", views.AreaViewSet, basename="area")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("status-updates", views.StatusUpdateViewSet, basename="status-update")
router.register("units", views.UnitViewSet, basename="unit")
router.register("workshops", participation.WorkshopViewSet, basename="workshop")
router.register("consultations", participation.ConsultationViewSet, basename="consultation")
router.register("long-lists", participation.LongListViewSet, basename="long-list")
router.register("candidates", participation.CandidateViewSet, basename="candidate")
router.register("indicators/runs", views.IndicatorRunViewSet, basename="indicator-run")
router.register("indicators/values", views.IndicatorValueViewSet, basename="indicator-value")
router.register("forums", governance.ForumViewSet, basename="forum")
router.register("meetings", governance.MeetingViewSet, basename="meeting")
router.register("decisions", governance.DecisionViewSet, basename="decision")
router.register("action-items", governance.ActionItemViewSet, basename="action-item")
router.register("rounds", governance.RoundViewSet, basename="round")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("indicators/", views.IndicatorsRootView.as_view(), name="indicators"),
    path("", include(router.urls)),
]
