"""Matching on hand-made strategies: the common ground expected is found, unrelated
goals, domains and clusters are not."""

from strategy.matching import GoalInput, StrategyInput, keywords, match_strategies


def strategies():
    dare = StrategyInput(
        cluster_id=1,
        cluster="DARE",
        sectors=("agro-food",),
        goals=(
            GoalInput(
                "Bring members' products to export markets",
                tags=("internationalisation",),
                ris3=(("Puglia", "Agro-food"),),
            ),
            GoalInput("Digital traceability of olive oil", tags=("digitalisation of agro-food",)),
        ),
        services=(("Export desk", "internationalisation"), ("B2B matchmaking", "matchmaking")),
    )
    agroco = StrategyInput(
        cluster_id=2,
        cluster="AGROCO",
        sectors=("agro-food",),
        goals=(
            GoalInput(
                "Open export routes for dairy producers",
                tags=("Internationalisation",),
                ris3=(("Nord-Est", "agro-food"),),
            ),
            GoalInput("Farm software for traceability", tags=("digitalisation of agro-food",)),
        ),
        services=(("Trade fair trips", "Internationalisation"),),
    )
    cluee = StrategyInput(
        cluster_id=3,
        cluster="CLUEE",
        sectors=("energy",),
        goals=(
            GoalInput(
                "Energy audits for food processors",
                tags=("energy efficiency",),
                ris3=(("Belgrade", "Energy"),),
            ),
            GoalInput("Members' export of insulation products", tags=("internationalisation",)),
        ),
        services=(("Energy audit", "consulting"),),
    )
    unrelated = StrategyInput(
        cluster_id=4,
        cluster="SOLO",
        sectors=("ict",),
        goals=(
            GoalInput("Cybersecurity training", tags=("cybersecurity",), ris3=(("Sofia", "ICT"),)),
        ),
    )
    return [dare, agroco, cluee, unrelated]


def test_shared_tags_found_and_unrelated_not():
    result = match_strategies(strategies())
    by_theme = {(t.kind, t.theme): t for t in result.themes}
    assert by_theme[("tag", "internationalisation")].clusters == ["AGROCO", "CLUEE", "DARE"]
    assert by_theme[("tag", "digitalisation of agro food")].clusters == ["AGROCO", "DARE"]
    assert ("tag", "energy efficiency") not in by_theme  # one cluster only
    assert ("tag", "cybersecurity") not in by_theme
    assert all("SOLO" not in t.clusters for t in result.themes)
    # Text similarity: "export" and "traceability" are shared keywords; goals listed.
    assert by_theme[("keyword", "export")].clusters == ["AGROCO", "CLUEE", "DARE"]
    assert by_theme[("keyword", "traceability")].goals["DARE"] == [
        "Digital traceability of olive oil"
    ]
    # A word of a shared tag is not repeated as a keyword.
    assert ("keyword", "internationalisation") not in by_theme


def test_shared_ris3_domains_across_regions():
    result = match_strategies(strategies())
    assert [(d.domain, d.clusters) for d in result.domains] == [("Agro-food", ["AGROCO", "DARE"])]
    assert result.domains[0].regions == {"AGROCO": ["Nord-Est"], "DARE": ["Puglia"]}


def test_complementary_services():
    result = match_strategies(strategies())
    by_category = {s.category.casefold(): s for s in result.services}
    export = by_category["internationalisation"]
    assert set(export.offered_by) == {"DARE", "AGROCO"}
    assert export.lacking == ["CLUEE", "SOLO"]
    assert by_category["matchmaking"].offered_by == {"DARE": ["B2B matchmaking"]}


def test_cross_sector_pairs():
    result = match_strategies(strategies())
    pairs = {(c.sectors, c.theme): c.clusters for c in result.cross_sector}
    assert pairs[(("agro-food", "energy"), "internationalisation")] == {
        "agro-food": ["AGROCO", "DARE"],
        "energy": ["CLUEE"],
    }
    # DARE and AGROCO share a theme but not sectors across: no cross-sector pair for it.
    assert not any(theme == "digitalisation of agro food" for _s, theme in pairs)
    assert not any("ict" in sectors for sectors, _t in pairs)


def test_nothing_in_common():
    result = match_strategies(strategies()[3:])
    assert result.themes == result.domains == result.cross_sector == []


def test_keywords_drop_stop_words_and_plurals():
    assert keywords("Increase the members' exports to new markets") == {"export", "market"}


def test_matching_a_thousand_strategies_builds_indexes_not_pairs():
    many = [
        StrategyInput(
            cluster_id=n,
            cluster=f"C{n:04d}",
            sectors=("energy" if n % 2 else "agro-food",),
            goals=(GoalInput(f"Goal about topic{n % 50}", tags=(f"theme {n % 100}",)),),
        )
        for n in range(1000)
    ]
    result = match_strategies(many)
    tags = [t for t in result.themes if t.kind == "tag"]
    assert len(tags) == 100
    assert all(len(t.clusters) == 10 for t in tags)
