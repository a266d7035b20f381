"""Sortable member list headers: a click sorts, a second click reverses."""

import re

import pytest

from tests.factories import MemberFactory


def names_on_page(response):
    return re.findall(r'href="/members/\d+/">([^<]+)</a>', response.content.decode())


@pytest.mark.django_db
def test_sorting_by_name_both_ways_keeps_the_filters(client_for, manager_a, cluster_a, cluster_b):
    for name in ["Bravo Srl", "Alfa Srl", "Charlie Srl"]:
        MemberFactory(cluster=cluster_a, name=name)
    MemberFactory(cluster=cluster_b, name="Aaa Other Cluster Kft")
    client = client_for(manager_a)

    ascending = client.get("/members/", {"sort": "name", "member_type": "sme"})
    assert names_on_page(ascending) == ["Alfa Srl", "Bravo Srl", "Charlie Srl"]
    descending = client.get("/members/", {"sort": "-name", "member_type": "sme"})
    assert names_on_page(descending) == ["Charlie Srl", "Bravo Srl", "Alfa Srl"]

    header = re.search(
        r'<th scope="col" aria-sort="ascending"><a href="\?([^"]+)">', ascending.content.decode()
    )
    assert header is not None
    assert "sort=-name" in header.group(1)
    assert "member_type=sme" in header.group(1)
