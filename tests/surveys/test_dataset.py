"""The surveys part of the benchmark dataset: valid rows, about size.answers answers, and
results that count them."""

import pytest

from surveys import results
from surveys.models import Answer, Campaign, Invitation, Response
from tracekei.bench.dataset import Size, generate

pytestmark = pytest.mark.django_db

SIZE = Size(name="test", clusters=3, members_per_cluster=10, deliveries=60, answers=1500)


def test_generated_surveys_are_valid_and_sized():
    generate(SIZE, seed=3)
    assert Campaign.objects.count() == 3
    assert 1200 <= Answer.objects.count() <= 1800
    for model in (Campaign, Invitation, Response, Answer):
        for row in model.objects.order_by("?")[:20]:
            row.full_clean()
    campaign = Campaign.objects.select_related("cluster", "questionnaire").first()
    outcome = results.campaign_results(campaign)
    submitted = campaign.responses.filter(submitted_at__isnull=False).count()
    assert outcome.total.submitted == submitted > 0
    assert outcome.satisfaction[results.CONSORTIUM].n == submitted * 6
    assert outcome.services  # the cluster's own services were rated
    assert {row.cluster for row in outcome.services} == {campaign.cluster.acronym}
