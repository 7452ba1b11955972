from django.urls import path

from fremdrift.interchange import views

app_name = "interchange"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/discard/", views.discard, name="discard"),
]
