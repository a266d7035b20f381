from django.urls import path

from . import public_views, views

app_name = "dissemination"

urlpatterns = [
    path("dissemination/activities/", views.activity_list, name="activity_list"),
    path("dissemination/activities/new/", views.activity_form, name="activity_create"),
    path("dissemination/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("dissemination/activities/<int:pk>/edit/", views.activity_form, name="activity_update"),
    path(
        "dissemination/activities/<int:pk>/approve/",
        views.activity_approve,
        name="activity_approve",
    ),
    path(
        "dissemination/activities/<int:pk>/evidence/",
        views.activity_evidence,
        name="activity_evidence",
    ),
    path("dissemination/policy-dialogues/", views.dialogue_list, name="dialogue_list"),
    path("dissemination/policy-dialogues/new/", views.dialogue_form, name="dialogue_create"),
    path("dissemination/policy-dialogues/<int:pk>/", views.dialogue_detail, name="dialogue_detail"),
    path(
        "dissemination/policy-dialogues/<int:pk>/edit/",
        views.dialogue_form,
        name="dialogue_update",
    ),
    path("dissemination/follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
    path("dissemination/market/", views.market, name="market"),
    path("dissemination/market/new/", views.post_form, name="post_create"),
    path("dissemination/market/<int:pk>/", views.post_detail, name="post_detail"),
    path("dissemination/market/<int:pk>/edit/", views.post_form, name="post_update"),
    path("dissemination/collaborations/", views.collaboration_list, name="collaboration_list"),
    path(
        "dissemination/collaborations/<int:pk>/",
        views.collaboration_detail,
        name="collaboration_detail",
    ),
    path(
        "dissemination/collaborations/<int:pk>/answer/",
        views.collaboration_answer,
        name="collaboration_answer",
    ),
    path("dissemination/stories/", views.story_list, name="story_list"),
    path("dissemination/stories/new/", views.story_form, name="story_create"),
    path("dissemination/stories/<int:pk>/", views.story_detail, name="story_detail"),
    path("dissemination/stories/<int:pk>/edit/", views.story_form, name="story_update"),
    path("dissemination/stories/<int:pk>/approve/", views.story_approve, name="story_approve"),
    path("dissemination/stories/<int:pk>/picture/", views.story_picture, name="story_picture"),
    # The public project site (no log-in).
    path("project/", public_views.home, name="public_home"),
    path("project/news/", public_views.news_list, name="public_news"),
    path("project/news/<int:pk>/", public_views.news_detail, name="public_news_detail"),
    path("project/events/", public_views.event_list, name="public_events"),
    path("project/stories/", public_views.story_list, name="public_stories"),
    path("project/stories/<int:pk>/", public_views.story_detail, name="public_story_detail"),
    path(
        "project/stories/<int:pk>/picture/",
        public_views.story_picture,
        name="public_story_picture",
    ),
    path("project/contact/", public_views.contact, name="public_contact"),
    path("project/feed/", public_views.news_feed, name="public_feed"),
]
