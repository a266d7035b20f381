"""Matching the clusters' adopted strategies to find common ground for the joint strategy.

A pure function over plain data (no ORM), so it can be tested on hand-made strategies and
fed by ``selectors.matching_profiles``. It builds inverted indexes (theme -> clusters,
RIS3 domain -> clusters, service category -> clusters) in one pass over the goals, so the
work grows with the number of goals, not with the number of pairs of strategies.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

#: Words too common in strategies to show common ground.
STOPWORDS = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "among",
        "and",
        "annual",
        "are",
        "based",
        "been",
        "before",
        "being",
        "between",
        "both",
        "cluster",
        "clusters",
        "companies",
        "company",
        "develop",
        "developing",
        "development",
        "each",
        "from",
        "further",
        "have",
        "increase",
        "increased",
        "improve",
        "improving",
        "into",
        "least",
        "more",
        "most",
        "new",
        "other",
        "our",
        "over",
        "per",
        "plan",
        "regional",
        "region",
        "same",
        "should",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "well",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
        "within",
        "year",
        "years",
        "members",
        "member",
        "strategy",
        "strategic",
        "support",
        "supporting",
        "goal",
        "goals",
        "make",
        "making",
        "offer",
        "offering",
        "reach",
        "reaching",
        "least",
        "number",
        "ensure",
        "build",
        "building",
        "create",
        "creating",
        "strengthen",
        "strengthening",
        "boost",
        "better",
        "higher",
        "grow",
        "growth",
        "level",
        "levels",
    ]
)


def normalise(text: str) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def keywords(text: str) -> set[str]:
    """Content words of a goal's objective: lower case, without stop words, a plural "s"
    dropped, so "exports" and "export" meet."""
    words = set()
    for word in _WORD.findall((text or "").casefold()):
        if len(word) < 4 or word in STOPWORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return words


@dataclass(frozen=True)
class GoalInput:
    objective: str
    tags: tuple[str, ...] = ()
    ris3: tuple[tuple[str, str], ...] = ()  # (region, domain)


@dataclass(frozen=True)
class StrategyInput:
    cluster_id: int
    cluster: str
    sectors: tuple[str, ...] = ()
    goals: tuple[GoalInput, ...] = ()
    services: tuple[tuple[str, str], ...] = ()  # (name, category)


@dataclass
class SharedTheme:
    theme: str
    kind: str  # "tag" or "keyword"
    clusters: list[str]
    goals: dict[str, list[str]]  # cluster -> objectives
    cluster_ids: list[int] = field(default_factory=list)


@dataclass
class SharedDomain:
    domain: str
    clusters: list[str]
    regions: dict[str, list[str]]  # cluster -> regions
    cluster_ids: list[int] = field(default_factory=list)


@dataclass
class ComplementaryService:
    category: str
    offered_by: dict[str, list[str]]  # cluster -> services
    lacking: list[str]


@dataclass
class CrossSector:
    sectors: tuple[str, str]
    theme: str
    clusters: dict[str, list[str]]  # sector -> clusters that have it (and not the other)


@dataclass
class MatchResult:
    themes: list[SharedTheme]
    domains: list[SharedDomain]
    services: list[ComplementaryService]
    cross_sector: list[CrossSector]


def match_strategies(strategies: list[StrategyInput], *, min_clusters: int = 2) -> MatchResult:
    """Common ground among strategies: themes (tags, then objective keywords) and RIS3
    domains shared by at least ``min_clusters`` clusters, service categories some plan
    and others lack, and shared themes that join clusters of different sectors."""
    names = {s.cluster_id: s.cluster for s in strategies}
    sectors = {s.cluster_id: set(s.sectors) for s in strategies}
    tag_index: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    word_index: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    domain_index: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    domain_label: dict[str, str] = {}
    service_index: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    category_label: dict[str, str] = {}

    for strategy in strategies:
        cid = strategy.cluster_id
        for goal in strategy.goals:
            for tag in {normalise(t) for t in goal.tags} - {""}:
                tag_index[tag][cid].append(goal.objective)
            for word in keywords(goal.objective):
                word_index[word][cid].append(goal.objective)
            for region, domain in goal.ris3:
                key = normalise(domain)
                if key:
                    domain_label.setdefault(key, domain)
                    domain_index[key][cid].add(region)
        for name, category in strategy.services:
            key = normalise(category)
            if key:
                category_label.setdefault(key, category)
                service_index[key][cid].append(name)

    def order(cids):
        return sorted(cids, key=lambda c: (names[c], c))

    themes = []
    tag_words = set()
    for tag, by_cluster in tag_index.items():
        if len(by_cluster) >= min_clusters:
            tag_words.update(tag.split())
            themes.append(_theme(tag, "tag", by_cluster, order, names))
    for word, by_cluster in word_index.items():
        # A keyword already carried by a shared tag adds nothing new.
        if len(by_cluster) >= min_clusters and word not in tag_words:
            themes.append(_theme(word, "keyword", by_cluster, order, names))
    themes.sort(key=lambda t: (t.kind != "tag", -len(t.clusters), t.theme))

    domains = [
        SharedDomain(
            domain=domain_label[key],
            clusters=[names[c] for c in order(by_cluster)],
            regions={names[c]: sorted(by_cluster[c]) for c in order(by_cluster)},
            cluster_ids=order(by_cluster),
        )
        for key, by_cluster in domain_index.items()
        if len(by_cluster) >= min_clusters
    ]
    domains.sort(key=lambda d: (-len(d.clusters), d.domain))

    everyone = set(names)
    services = [
        ComplementaryService(
            category=category_label[key],
            offered_by={names[c]: by_cluster[c] for c in order(by_cluster)},
            lacking=[names[c] for c in order(everyone - set(by_cluster))],
        )
        for key, by_cluster in service_index.items()
        if everyone - set(by_cluster)
    ]
    services.sort(key=lambda s: (-len(s.offered_by), s.category))

    cross = []
    for theme in themes:
        involved = set(theme.cluster_ids)
        theme_sectors = sorted({s for c in involved for s in sectors[c]})
        for first, second in combinations(theme_sectors, 2):
            only_first = [c for c in involved if first in sectors[c] and second not in sectors[c]]
            only_second = [c for c in involved if second in sectors[c] and first not in sectors[c]]
            if only_first and only_second:
                cross.append(
                    CrossSector(
                        sectors=(first, second),
                        theme=theme.theme,
                        clusters={
                            first: [names[c] for c in order(only_first)],
                            second: [names[c] for c in order(only_second)],
                        },
                    )
                )
    return MatchResult(themes=themes, domains=domains, services=services, cross_sector=cross)


def _theme(key, kind, by_cluster, order, names) -> SharedTheme:
    ids = order(by_cluster)
    return SharedTheme(
        theme=key,
        kind=kind,
        clusters=[names[c] for c in ids],
        goals={names[c]: sorted(set(by_cluster[c])) for c in ids},
        cluster_ids=ids,
    )
