from django.contrib.auth import views as auth_views
from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/verificatie/", views.otp_verify, name="otp_verify"),
    path("inloggen/instellen/", views.otp_setup, name="otp_setup"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
]
