"""``/offentlig/indikatorer/``: the public indicator dashboard (404 unless switched on)."""

from django.urls import path

from fremdrift.indicators import public

app_name = "public_indicators"

urlpatterns = [
    path("", public.index, name="index"),
    path("<str:code>/", public.municipality, name="municipality"),
    path("<str:code>/data.csv", public.download, name="download-csv"),
    path("<str:code>/indlejret/", public.embed, name="embed"),
]
