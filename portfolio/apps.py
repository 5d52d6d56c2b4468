from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "portfolio"

    def ready(self) -> None:
        # Connect the receivers that send the mails and jobs the services announce.
        from portfolio import tasks  # noqa: F401
