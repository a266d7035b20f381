from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("strategies/", views.strategy_list, name="list"),
    path("strategies/new/<slug:slug>/", views.strategy_create, name="create"),
    path("strategies/ris3/", views.ris3_list, name="ris3"),
    path("strategies/ris3/<int:item>/", views.ris3_edit, name="ris3_edit"),
    path("strategies/joint/", views.joint_strategy, name="joint"),
    path("strategies/joint/pdf/", views.joint_pdf, name="joint_pdf"),
    path("strategies/matching/", views.matching_view, name="matching"),
    path("strategies/<int:pk>/", views.strategy_detail, name="detail"),
    path("strategies/<int:pk>/versions/", views.version_history, name="history"),
    path("strategies/<int:pk>/compare/", views.version_compare, name="compare"),
    path("strategies/<int:pk>/next/", views.version_next, name="next"),
    path("strategies/<int:pk>/indicators/", views.indicators, name="indicators"),
    path("strategies/<int:pk>/value-chain/", views.value_chain, name="value_chain"),
    path("strategies/<int:pk>/indicators/<int:item>/", views.indicator_edit, name="indicator_edit"),
    path(
        "strategies/<int:pk>/indicators/<int:item>/remove/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "strategies/<int:pk>/value-chain/<int:item>/",
        views.chain_stage_edit,
        name="chain_stage_edit",
    ),
    path(
        "strategies/<int:pk>/value-chain/<int:item>/remove/",
        views.chain_stage_delete,
        name="chain_stage_delete",
    ),
    path("strategies/<int:pk>/v<int:number>/", views.version_detail, name="version"),
    path("strategies/<int:pk>/v<int:number>/edit/", views.version_edit, name="version_edit"),
    path("strategies/<int:pk>/v<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path(
        "strategies/<int:pk>/v<int:number>/<str:kind>/add/",
        views.version_item_add,
        name="version_item_add",
    ),
    path(
        "strategies/<int:pk>/v<int:number>/<str:kind>/<int:item>/delete/",
        views.version_item_delete,
        name="version_item_delete",
    ),
    path("strategies/<int:pk>/v<int:number>/adopt/", views.version_adopt, name="adopt"),
    path(
        "strategies/<int:pk>/v<int:number>/consultation/",
        views.consultation,
        name="consultation",
    ),
    path(
        "strategies/<int:pk>/v<int:number>/consultation/close/",
        views.consultation_close,
        name="consultation_close",
    ),
    path(
        "strategies/<int:pk>/v<int:number>/consultation/feedback/",
        views.feedback_record,
        name="feedback_record",
    ),
    path(
        "strategies/<int:pk>/v<int:number>/consultation/feedback/<int:item>/",
        views.feedback_handle,
        name="feedback_handle",
    ),
    path("consult/<str:token>/", views.respond, name="respond"),
]
