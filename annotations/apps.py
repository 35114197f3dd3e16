from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annotations"
    verbose_name = "Fact-checking"

    def ready(self) -> None:
        from django.contrib import messages
        from django.contrib.auth.signals import user_logged_out

        def say_goodbye(sender, request, user, **kwargs) -> None:
            if request is not None:
                messages.info(request, "You are logged out.")

        user_logged_out.connect(say_goodbye, dispatch_uid="factcheck-logged-out")
