from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annotations"
    verbose_name = "Fact-checking"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        user_logged_out.connect(say_logged_out, dispatch_uid="factcheck-logged-out")


def say_logged_out(sender, request, user, **kwargs) -> None:
    """Logging out says so on the login page it lands on."""
    from django.contrib import messages

    if request is not None:
        messages.info(request, "You are logged out.")
