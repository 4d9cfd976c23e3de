from django.apps import AppConfig


class NazorgConfig(AppConfig):
    name = "nazorg"
