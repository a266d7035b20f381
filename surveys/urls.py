from django.urls import path

from .views import answer, campaigns, editor
from .views import results as results_views

app_name = "surveys"

urlpatterns = [
    # S2: campaigns, e-mails, suppression list, unsubscribe
    path("surveys/campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("surveys/campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("surveys/campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("surveys/campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path(
        "surveys/campaigns/<int:pk>/preview/", campaigns.campaign_preview, name="campaign_preview"
    ),
    path(
        "surveys/campaigns/<int:pk>/recipients/",
        campaigns.campaign_recipients,
        name="campaign_recipients",
    ),
    path("surveys/campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path(
        "surveys/campaigns/<int:pk>/invitations/<int:invitation_pk>/resend/",
        campaigns.invitation_resend,
        name="invitation_resend",
    ),
    path("surveys/suppressions/", campaigns.suppression_list, name="suppression_list"),
    path("s/<str:token>/unsubscribe/", campaigns.unsubscribe, name="unsubscribe"),
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
    # S3: results and exports
    path("surveys/results/", results_views.overview, name="results"),
    path(
        "surveys/campaigns/<int:pk>/results/",
        results_views.campaign_results,
        name="campaign_results",
    ),
    path(
        "surveys/campaigns/<int:pk>/results/answers.<str:fmt>",
        results_views.campaign_export,
        name="campaign_export",
    ),
]
