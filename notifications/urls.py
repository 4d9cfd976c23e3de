from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("<int:pk>/gelezen/", views.mark_read, name="mark_read"),
    path("alles-gelezen/", views.mark_all_read, name="mark_all_read"),
    path("voorkeuren/", views.preferences, name="preferences"),
]
