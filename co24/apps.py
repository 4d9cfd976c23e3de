from django.apps import AppConfig


class Co24Config(AppConfig):
    name = "co24"
