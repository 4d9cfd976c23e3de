from django.contrib.auth import views as auth_views
from django.urls import path

from privacy.views import access_log, destruction, login, retention

app_name = "privacy"

urlpatterns = [
    path("inloggen/", login.LoginView.as_view(), name="login"),
    path("inloggen/verificatie/", login.otp_verify, name="otp_verify"),
    path("inloggen/instellen/", login.otp_setup, name="otp_setup"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # The privacy officer's pages (everyone else: 404).
    path("privacy/", retention.home, name="home"),
    path("privacy/bewaarregels/", retention.rules, name="retention_rules"),
    path("privacy/bewaarplichten/", retention.holds, name="retention_holds"),
    path("privacy/bewaarplichten/<int:pk>/opheffen/", retention.hold_lift, name="retention_hold_lift"),
    path("privacy/inzagelog/", access_log.access_log_search, name="access_log"),
    path("privacy/inzagelog/csv/", access_log.access_log_csv, name="access_log_csv"),
    path("privacy/inzagelog/client/<int:client_id>/", access_log.access_log_client, name="access_log_client"),
    path("privacy/vernietiging/", destruction.list_overview, name="destruction_lists"),
    path("privacy/vernietiging/op-verzoek/", retention.early_deletion, name="destruction_request"),
    path("privacy/vernietiging/<int:pk>/", destruction.list_detail, name="destruction_list"),
    path(
        "privacy/vernietiging/<int:pk>/onderdeel/<int:item_pk>/",
        destruction.item_review,
        name="destruction_item",
    ),
    path("privacy/vernietiging/<int:pk>/vaststellen/", destruction.list_approve, name="destruction_approve"),
    path(
        "privacy/vernietiging/<int:pk>/tweede-beoordeling/",
        destruction.list_second_review,
        name="destruction_second_review",
    ),
    path("privacy/vernietiging/<int:pk>/annuleren/", destruction.list_cancel, name="destruction_cancel"),
    path("privacy/vernietiging/<int:pk>/voortgang/", destruction.list_progress, name="destruction_progress"),
    path("privacy/vernietiging/<int:pk>/opnieuw/", destruction.list_retry, name="destruction_retry"),
    path("privacy/vernietiging/<int:pk>/verklaring/", destruction.list_record, name="destruction_record"),
    path(
        "privacy/vernietiging/<int:pk>/verklaring/pdf/",
        destruction.list_record_pdf,
        name="destruction_record_pdf",
    ),
]
