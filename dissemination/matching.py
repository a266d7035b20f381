"""Collaboration matchmaking as a pure function: offers and needs in, ranked pairs out.

A pair is an offer and a need of two *different* clusters (never within one cluster).
Its score: the same kind of collaboration, shared topic words (a related word, same
stem, counts less), the same sector; plus a bonus when the two clusters work in
different sectors (cross-sector) or different countries (cross-border). A pair with
nothing in common on topic, kind or sector is not suggested."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

SAME_KIND = 3
SHARED_WORD = 2
RELATED_WORD = 1
MAX_WORD_POINTS = 6
SAME_SECTOR = 2
CROSS_SECTOR = 1
CROSS_BORDER = 1
MIN_SCORE = 4  # at least the same kind and a related word, or two shared words
STEM_LENGTH = 5

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "in",
        "on",
        "to",
        "with",
        "by",
        "from",
        "at",
        "or",
        "our",
        "we",
        "us",
        "our",
        "new",
    ]
)


@dataclass(frozen=True)
class Post:
    """What matching needs to know of an offer or a need."""

    id: int
    cluster_id: int
    country: str
    direction: str  # "offer" or "need"
    kind: str
    topic: str
    sector_id: int | None = None
    cluster_sectors: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Match:
    offer: Post
    need: Post
    score: int
    shared_words: tuple[str, ...]
    same_kind: bool
    same_sector: bool
    cross_sector: bool
    cross_border: bool


@lru_cache(maxsize=8192)
def topic_words(text: str) -> frozenset[str]:
    """The words that count in a topic (cached: every post is compared with many)."""
    words = re.findall(r"\w+", text.casefold())
    return frozenset(w for w in words if len(w) > 2 and w not in STOP_WORDS)


def _word_points(
    offer_words: frozenset[str], need_words: frozenset[str]
) -> tuple[int, tuple[str, ...]]:
    shared = offer_words & need_words
    points = SHARED_WORD * len(shared)
    # a need word is related when an offer word (neither shared) has the same stem
    offer_stems = {word[:STEM_LENGTH] for word in offer_words - shared if len(word) >= STEM_LENGTH}
    related = [
        word
        for word in sorted(need_words - shared)
        if len(word) >= STEM_LENGTH and word[:STEM_LENGTH] in offer_stems
    ]
    points += RELATED_WORD * len(related)
    return min(points, MAX_WORD_POINTS), tuple(sorted(shared) + related)


def score_pair(offer: Post, need: Post) -> Match | None:
    """The match of one offer with one need, or None when they should not be paired."""
    if offer.direction != "offer" or need.direction != "need":
        return None
    if offer.cluster_id == need.cluster_id:
        return None
    word_points, words = _word_points(topic_words(offer.topic), topic_words(need.topic))
    same_kind = offer.kind == need.kind
    same_sector = offer.sector_id is not None and offer.sector_id == need.sector_id
    score = word_points + (SAME_KIND if same_kind else 0) + (SAME_SECTOR if same_sector else 0)
    if score < MIN_SCORE:
        return None
    cross_sector = bool(offer.cluster_sectors and need.cluster_sectors) and not (
        offer.cluster_sectors & need.cluster_sectors
    )
    cross_border = offer.country != need.country
    score += (CROSS_SECTOR if cross_sector else 0) + (CROSS_BORDER if cross_border else 0)
    return Match(offer, need, score, words, same_kind, same_sector, cross_sector, cross_border)


def find_matches(offers: Iterable[Post], needs: Iterable[Post]) -> list[Match]:
    """Every suggested pair, best first (ties: the newer post id first, stable)."""
    needs = list(needs)
    matches = [
        match
        for offer in offers
        for need in needs
        if (match := score_pair(offer, need)) is not None
    ]
    return sorted(matches, key=rank_key)


MAX_BONUS = CROSS_SECTOR + CROSS_BORDER


def top_matches(offers: Iterable[Post], needs: Iterable[Post], *, limit: int) -> list[Match]:
    """``find_matches(offers, needs)[:limit]``, without scoring every pair.

    Posts are grouped by kind and sector, so every pair of two groups has one upper bound
    (MAX_WORD_POINTS, the same kind, the same sector, MAX_BONUS). Group pairs are visited
    from the highest bound down, and the visit stops once no pair left can reach the last
    kept match's score (a tie could still rank above it by its ids, so ties are visited).
    Every pair visited is scored by ``score_pair``: the same matches, in the same order,
    as the full ranking; at programme scale a few thousand pairs instead of 640,000."""
    offer_groups: dict[tuple, list[Post]] = defaultdict(list)
    need_groups: dict[tuple, list[Post]] = defaultdict(list)
    for offer in offers:
        offer_groups[(offer.kind, offer.sector_id)].append(offer)
    for need in needs:
        need_groups[(need.kind, need.sector_id)].append(need)
    by_bound: dict[int, list[tuple[tuple, tuple]]] = defaultdict(list)
    for offer_key in offer_groups:
        offer_kind, offer_sector = offer_key
        for need_key in need_groups:
            need_kind, need_sector = need_key
            bound = (
                MAX_WORD_POINTS
                + (SAME_KIND if offer_kind == need_kind else 0)
                + (SAME_SECTOR if offer_sector is not None and offer_sector == need_sector else 0)
                + MAX_BONUS
            )
            by_bound[bound].append((offer_key, need_key))
    kept: list[Match] = []
    for bound in sorted(by_bound, reverse=True):
        if len(kept) >= limit and bound < kept[-1].score:
            break
        for offer_key, need_key in by_bound[bound]:
            for offer in offer_groups[offer_key]:
                for need in need_groups[need_key]:
                    if (match := score_pair(offer, need)) is not None:
                        kept.append(match)
        kept.sort(key=rank_key)
        del kept[limit:]
    return kept


def rank_key(match: Match) -> tuple[int, int, int]:
    """Best first; ties: the newer post id first (stable)."""
    return (-match.score, -match.offer.id, -match.need.id)
