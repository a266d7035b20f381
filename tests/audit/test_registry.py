"""Every model of the apps that feed a KPI, a report or a survey is audited or exempt
with a reason: a new model fails here until someone decides."""

import pytest
from django.apps import apps
from django.db.models.signals import post_delete, post_save

from tracekei.audit.registry import AUDITED, AUDITED_APPS, EXEMPT, rule_for


def test_every_model_is_audited_or_exempt():
    undecided = [
        model._meta.label
        for label in AUDITED_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in AUDITED and model._meta.label not in EXEMPT
    ]
    assert not undecided, f"add to AUDITED or EXEMPT in tracekei/audit/registry.py: {undecided}"


def test_no_model_is_both_and_every_name_exists():
    assert not set(AUDITED) & set(EXEMPT)
    for name in (*AUDITED, *EXEMPT):
        apps.get_model(name)  # a renamed model fails here


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_every_audited_model_is_connected_and_its_paths_exist(name):
    model = apps.get_model(name)
    assert post_save.has_listeners(model) and post_delete.has_listeners(model)
    rule = rule_for(model)
    for path in filter(None, (rule.cluster, rule.project)):
        current = model
        *relations, last = path.split(".")
        for relation in relations:
            current = current._meta.get_field(relation).related_model
        assert last == "id" or current._meta.get_field(last.removesuffix("_id"))
    for field in rule.personal:
        model._meta.get_field(field)


def test_a_model_with_a_cluster_link_says_how_it_finds_its_cluster():
    """A clustered model (a direct link to a cluster) names that link in its rule."""
    from clusters.models import Cluster

    for name, rule in AUDITED.items():
        model = apps.get_model(name)
        linked = [
            f.attname
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is Cluster
        ]
        if linked and rule.project != "id":  # a project names its coordinating cluster
            assert rule.cluster in linked, f"{name}: cluster rule {rule.cluster!r}, links {linked}"
