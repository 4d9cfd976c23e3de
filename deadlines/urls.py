from django.urls import path

from deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("", views.deadlines_index, name="deadline_list"),
    path("<int:pk>/", views.deadline_detail, name="deadline_detail"),
    path("<int:pk>/afronden/", views.deadline_done, name="deadline_done"),
]
