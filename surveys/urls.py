from django.urls import path

from .views import answer, editor

app_name = "surveys"

urlpatterns = [
    # S1: the respondent's pages under the personal link (no log-in).
    path("s/<str:token>/", answer.answer, name="answer"),
    path("s/<str:token>/page/<int:number>/", answer.answer_page, name="answer_page"),
    path("s/<str:token>/review/", answer.answer_review, name="answer_review"),
    path("s/<str:token>/saved/", answer.answer_saved, name="answer_saved"),
    path("s/<str:token>/thanks/", answer.answer_thanks, name="answer_thanks"),
    # S1: the questionnaire editor.
    path("surveys/questionnaires/", editor.questionnaire_list, name="questionnaire_list"),
    path("surveys/questionnaires/new/", editor.questionnaire_create, name="questionnaire_create"),
    path(
        "surveys/questionnaires/<int:pk>/",
        editor.questionnaire_detail,
        name="questionnaire_detail",
    ),
    path(
        "surveys/questionnaires/<int:pk>/edit/",
        editor.questionnaire_edit,
        name="questionnaire_edit",
    ),
    path(
        "surveys/questionnaires/<int:pk>/preview/",
        editor.questionnaire_preview,
        name="questionnaire_preview",
    ),
    path(
        "surveys/questionnaires/<int:pk>/<str:part>/new/",
        editor.part_create,
        name="part_create",
    ),
    path(
        "surveys/questionnaires/<int:pk>/<str:part>/<int:item>/edit/",
        editor.part_edit,
        name="part_edit",
    ),
    path(
        "surveys/questionnaires/<int:pk>/<str:part>/<int:item>/remove/",
        editor.part_remove,
        name="part_remove",
    ),
    path(
        "surveys/questionnaires/<int:pk>/<str:part>/<int:item>/move/",
        editor.part_move,
        name="part_move",
    ),
]
