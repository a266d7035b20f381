from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("trainings/", views.activity_list, name="list"),
    path("trainings/new/", views.activity_create, name="create"),
    path("trainings/calendar/", views.calendar_page, name="calendar"),
    path("trainings/calendar/renew/", views.calendar_feed_renew, name="feed_renew"),
    path("trainings/calendar/revoke/", views.calendar_feed_revoke, name="feed_revoke"),
    path("trainings/feed/<str:token>.ics", views.user_feed, name="user_feed"),
    path("trainings/skills/", views.skills, name="skills"),
    path("trainings/skills/rounds/new/", views.round_create, name="round_create"),
    path("trainings/skills/rounds/<int:pk>/", views.assess, name="assess"),
    path("trainings/skills/rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("trainings/modules/", views.modules, name="modules"),
    path("trainings/mentoring/", views.mentoring, name="mentoring"),
    path(
        "trainings/mentoring/<int:pk>/sessions/",
        views.mentoring_session,
        name="mentoring_session",
    ),
    path("trainings/<int:pk>/", views.activity_detail, name="detail"),
    path("trainings/<int:pk>/edit/", views.activity_update, name="update"),
    path("trainings/<int:pk>/register/", views.register_self, name="register"),
    path("trainings/<int:pk>/participants/new/", views.participant_add, name="participant_add"),
    path(
        "trainings/<int:pk>/participants/<int:participation_pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("trainings/<int:pk>/attendance/", views.attendance_edit, name="attendance"),
    path("trainings/<int:pk>/my-attendance/", views.my_attendance, name="my_attendance"),
    path("trainings/<int:pk>/materials/", views.material_upload, name="material_upload"),
    path(
        "trainings/<int:pk>/materials/<int:material_pk>/",
        views.material_download,
        name="material_download",
    ),
    path("trainings/<int:pk>/feedback/", views.feedback_launch, name="feedback_launch"),
    path("trainings/<int:pk>/certificates/", views.certificates, name="certificates"),
    path(
        "trainings/<int:pk>/certificates/<int:participation_pk>/",
        views.certificates,
        name="certificate",
    ),
    path("trainings/<int:pk>/calendar.ics", views.activity_ics, name="activity_ics"),
]
