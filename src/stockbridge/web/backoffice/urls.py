"""Back-office URLs."""

from django.urls import path

from . import channel_install, views

app_name = "backoffice"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("health", views.health, name="health"),
    path("channels/<slug:kind>/callback", channel_install.callback, name="channel_callback"),
]
