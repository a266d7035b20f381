"""Matchmaking on hand-made offers and needs: the pure function, then the selector."""

import random

import pytest

from dissemination import selectors
from dissemination.matching import Post, find_matches, score_pair, top_matches
from tests.factories import ClusterFactory, SectorFactory, make_post

AGRO, ICT, ENERGY = 1, 2, 3


def post(id, cluster, country, direction, kind, topic, sector=None, cluster_sectors=()):
    return Post(id, cluster, country, direction, kind, topic, sector, frozenset(cluster_sectors))


OFFERS = [
    # cluster 1 (IT, agro-food) offers cold-chain expertise
    post(1, 1, "IT", "offer", "service_expertise", "cold chain logistics", AGRO, [AGRO]),
    # cluster 2 (HU, ICT) offers traceability software
    post(2, 2, "HU", "offer", "technology", "food traceability software", ICT, [ICT]),
    # cluster 3 (IT, agro-food) hosts a staff exchange on cluster branding
    post(3, 3, "IT", "offer", "staff_exchange", "cluster branding", None, [AGRO]),
]
NEEDS = [
    # cluster 1 (IT, agro) needs traceability technology: matches offer 2, cross-sector+border
    post(11, 1, "IT", "need", "technology", "traceability of food products", ICT, [AGRO]),
    # cluster 3 (IT, agro) needs cold chain logistics: matches offer 1 (same country, sector)
    post(12, 3, "IT", "need", "service_expertise", "logistics for the cold chain", AGRO, [AGRO]),
    # cluster 1 needs its own kind of cold-chain expertise: never matched with its own offer
    post(13, 1, "IT", "need", "service_expertise", "cold chain logistics", AGRO, [AGRO]),
    # cluster 2 needs something nobody offers
    post(14, 2, "HU", "need", "market_access", "export to Japan", ENERGY, [ICT]),
]


def test_expected_matches_found_and_ranked():
    matches = find_matches(OFFERS, NEEDS)
    pairs = [(m.offer.id, m.need.id) for m in matches]
    # offer 1 + need 12: kind 3 + words (cold, chain, logistics) 6 + sector 2 = 11
    # offer 2 + need 11: kind 3 + words (food, traceability) 4 + sector 2
    #                    + cross-sector 1 + cross-border 1 = 11; offer 1 id < 2 -> second
    # offer 1 + need 13: the same cluster; the rest: nothing in common
    assert pairs == [(2, 11), (1, 12)]  # (1, 13) is within one cluster
    by_pair = {(m.offer.id, m.need.id): m for m in matches}
    assert by_pair[(1, 12)].score == 11
    assert by_pair[(2, 11)].score == 11
    assert by_pair[(2, 11)].cross_sector and by_pair[(2, 11)].cross_border
    assert not by_pair[(1, 12)].cross_border
    assert set(by_pair[(2, 11)].shared_words) == {"food", "traceability"}


def test_never_within_one_cluster():
    offer = post(1, 7, "IT", "offer", "technology", "solar drying", ENERGY)
    need = post(2, 7, "IT", "need", "technology", "solar drying", ENERGY)
    assert score_pair(offer, need) is None
    assert find_matches([offer], [need]) == []


def test_cross_border_and_cross_sector_rank_higher_than_same_otherwise():
    offer_home = post(1, 1, "IT", "offer", "technology", "solar drying", None, [AGRO])
    offer_abroad = post(2, 2, "RS", "offer", "technology", "solar drying", None, [ENERGY])
    need = post(3, 3, "IT", "need", "technology", "solar drying", None, [AGRO])
    matches = find_matches([offer_home, offer_abroad], [need])
    assert [m.offer.id for m in matches] == [2, 1]
    assert matches[0].score == matches[1].score + 2


def test_related_words_count_less_than_shared_ones():
    offer = post(1, 1, "IT", "offer", "technology", "packaging", None)
    need_same = post(2, 2, "HU", "need", "technology", "packaging", None)
    need_related = post(3, 3, "HU", "need", "technology", "packages", None)
    same, related = score_pair(offer, need_same), score_pair(offer, need_related)
    assert same.score == related.score + 1
    assert related.shared_words == ("packages",)


def test_nothing_in_common_is_not_suggested():
    offer = post(1, 1, "IT", "offer", "technology", "solar drying")
    need = post(2, 2, "HU", "need", "market_access", "export to Japan")
    assert score_pair(offer, need) is None
    # two offers never pair
    assert score_pair(offer, post(3, 2, "HU", "offer", "technology", "solar drying")) is None


@pytest.mark.django_db
def test_selector_feeds_the_function_and_scopes_pairs(cluster_a, cluster_b, manager_a):
    agro = SectorFactory(slug="agro", name="Agro")
    third = ClusterFactory(project=cluster_a.project, country="DE", acronym="GAMMA")
    fourth = ClusterFactory(project=cluster_a.project, country="PT", acronym="DELTA")
    offer = make_post(cluster_b, "offer", topic="cold chain logistics", sector=agro)
    need = make_post(cluster_a, "need", topic="cold chain logistics", sector=agro)
    own = make_post(cluster_a, "offer", topic="cold chain logistics", sector=agro)
    # a pair between two other clusters: not the manager's business
    make_post(third, "offer", topic="solar drying", kind="technology")
    make_post(fourth, "need", topic="solar drying", kind="technology")
    make_post(cluster_b, "need", topic="cold chain logistics", sector=agro, is_open=False)
    results = selectors.suggested_matches(user=manager_a)
    pairs = [(r["offer"].pk, r["need"].pk) for r in results]
    assert pairs == [(offer.pk, need.pk)]
    assert own.pk not in {p for pair in pairs for p in pair}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("limit", [1, 10, 50])
def test_the_bounded_top_matches_are_the_first_of_the_full_ranking(seed, limit):
    """top_matches scores only the pairs that can still rank; what it returns is exactly
    the head of find_matches over every pair (many ties, as in a programme's market)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not a secret
    topics = ["cold chain logistics", "food packaging", "logistic chains", "digital twins"]
    kinds = ["technology", "service_expertise", "staff_exchange"]

    def random_posts(direction, first_id):
        posts = []
        for number in range(60):
            cluster = rng.randrange(25)
            posts.append(
                post(
                    first_id + number,
                    cluster,
                    ["IT", "HU", "DE"][cluster % 3],
                    direction,
                    rng.choice(kinds),
                    rng.choice(topics),
                    rng.choice([None, AGRO, ICT, ENERGY]),
                    rng.sample([AGRO, ICT, ENERGY], rng.randrange(3)),
                )
            )
        return posts

    offers, needs = random_posts("offer", 1), random_posts("need", 1000)
    everything = find_matches(offers, needs)
    assert len(everything) > limit  # the cut is really made
    assert top_matches(offers, needs, limit=limit) == everything[:limit]
