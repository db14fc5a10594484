from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's own checks (config/checks.py); config holds no models."""

    name = "config"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers them)
