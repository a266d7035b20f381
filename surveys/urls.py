from django.urls import path

from .views import campaigns

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
]
