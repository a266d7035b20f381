"""WP1/WP3: trainings, study visits, mentoring and managers' skills. The app's own issue fills it."""

from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"
    verbose_name = "Trainings and skills"
