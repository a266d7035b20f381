"""WP1/WP3: trainings, study visits, mentoring and managers' skills (filled by its own issue)."""

from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"
    verbose_name = "Trainings and skills"
