"""Collaboration matchmaking as a pure function: offers and needs in, ranked pairs out.

A pair is an offer and a need of two *different* clusters (never within one cluster).
Its score: the same kind of collaboration, shared topic words (a related word, same
stem, counts less), the same sector; plus a bonus when the two clusters work in
different sectors (cross-sector) or different countries (cross-border). A pair with
nothing in common on topic, kind or sector is not suggested."""

from __future__ import annotations

import re
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
    related = []
    for word in sorted(need_words - shared):
        if len(word) >= STEM_LENGTH and any(
            len(other) >= STEM_LENGTH and other[:STEM_LENGTH] == word[:STEM_LENGTH]
            for other in offer_words - shared
        ):
            related.append(word)
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


def rank_key(match: Match) -> tuple[int, int, int]:
    """Best first; ties: the newer post id first (stable)."""
    return (-match.score, -match.offer.id, -match.need.id)
