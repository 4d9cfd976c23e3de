from django.urls import path

from caseplan.views import cases, client, dashboard, team

app_name = "caseplan"

urlpatterns = [
    path("", cases.my_cases, name="my_cases"),
    path("nieuw/", cases.case_new, name="case_new"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/export.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    path("<int:pk>/bewerken/", cases.case_edit, name="case_edit"),
    path("<int:pk>/client/", client.client_detail, name="client_detail"),
    path("<int:pk>/client/bewerken/", client.client_edit, name="client_edit"),
    path("<int:pk>/client/foto/", client.client_photo, name="client_photo"),
    path("<int:pk>/client/kinderen/", client.child_add, name="child_add"),
    path("<int:pk>/client/kinderen/<int:child_pk>/verwijderen/", client.child_remove, name="child_remove"),
    path("<int:pk>/team/", team.team, name="team"),
    path("<int:pk>/team/<int:member_pk>/verwijderen/", team.team_remove, name="team_remove"),
]
