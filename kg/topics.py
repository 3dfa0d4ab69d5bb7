"""Topics (DESIGN section 6): tag statements with the SKOS scheme, and find terms it lacks.

A statement mentions a concept when one of the concept's labels (``skos:prefLabel`` or
``skos:altLabel``, any language) occurs in the statement's matching key: the text as
:func:`kg.japanese.match_key` gives it (NFKC, variant kanji folded, no white space), with ASCII
letters lower-cased so that ``LoGoチャット`` and ``Logoチャット`` are one label. Labels of fewer
than two characters are not matched. Occurrences are claimed longest label first and may not
overlap, so ``マルチクラウド`` does not also count as ``クラウド`` at the same place. A label
that begins or ends with an ASCII letter or digit must not cut a longer ASCII word: ``AI`` is
not in ``MAIL``, but ``SaaS`` is in ``SaaSは`` and ``AI`` in ``AI OCR``.

Candidates are recurring noun compounds, found with SudachiPy, that no label covers: the
curator's list of what to add to ``ontology/topics.ttl`` next.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.errors import InputError, UsageError
from kg.japanese import match_key
from kg.record import Minutes, Topic
from kg.resources import resource_path

MIN_LABEL_LENGTH = 2

# Keys fold the case of ASCII letters only; a regex does it five times faster than translate.
_ASCII_UPPER = re.compile("[A-Z]+")
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def topic_key(text: str) -> str:
    """Return the key labels and text are matched by: :func:`match_key`, ASCII lower-cased."""
    return _ASCII_UPPER.sub(_lower, match_key(text))


def _lower(match: re.Match[str]) -> str:
    """Return a matched run of letters in lower case."""
    return match.group().lower()


def _text_key(text: str) -> tuple[str, frozenset[int]]:
    """Return the key of a text and the key offsets where white space was removed."""
    parts = [topic_key(part) for part in text.split()]
    gaps = []
    offset = 0
    for part in parts[:-1]:
        offset += len(part)
        gaps.append(offset)
    return "".join(parts), frozenset(gaps)


def _cuts_word(key: str, at: int, gaps: frozenset[int]) -> bool:
    """Tell whether a match boundary at ``at`` falls inside an ASCII word of the text."""
    return (
        0 < at < len(key)
        and key[at - 1] in _ASCII_WORD
        and key[at] in _ASCII_WORD
        and at not in gaps
    )


@dataclass(frozen=True)
class Concept:
    """One concept of the scheme.

    Attributes:
        iri: the concept's IRI.
        label_ja: its Japanese ``skos:prefLabel`` (the label a tagged statement shows).
        label_en: its English ``skos:prefLabel``, or None.
        labels: every ``skos:prefLabel`` and ``skos:altLabel``, in all languages, sorted.
        broader: the IRIs of its ``skos:broader`` concepts, sorted.
    """

    iri: str
    label_ja: str
    label_en: str | None
    labels: tuple[str, ...]
    broader: tuple[str, ...] = ()


@dataclass(repr=False)
class TopicScheme:
    """A SKOS topic scheme, ready to tag text.

    Attributes:
        concepts: the concepts by IRI, in IRI order.
    """

    concepts: dict[str, Concept]
    _keys: dict[str, str] = field(init=False, repr=False, compare=False)
    _narrower: dict[str, list[str]] = field(init=False, repr=False, compare=False)
    _automaton: Any = field(init=False, repr=False, compare=False)
    _all_keys: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._keys = {}
        self._narrower = defaultdict(list)
        for concept in self.concepts.values():
            for broader in concept.broader:
                self._narrower[broader].append(concept.iri)
            for label in concept.labels:
                key = topic_key(label)
                if len(key) < MIN_LABEL_LENGTH:
                    continue
                other = self._keys.setdefault(key, concept.iri)
                if other != concept.iri:
                    raise InputError(
                        f"the label {label!r} of {concept.iri} matches a label of {other}: "
                        "a label may belong to one concept only"
                    )
        self._automaton = ahocorasick.Automaton()
        for key, iri in self._keys.items():
            edges = (key[0] in _ASCII_WORD, key[-1] in _ASCII_WORD)
            self._automaton.add_word(key, (len(key), iri, *edges))
        if self._keys:
            self._automaton.make_automaton()
        # One string to test "is this term inside some label" with a single substring search.
        self._all_keys = "\n".join(self._keys)

    def __repr__(self) -> str:
        return f"<TopicScheme of {len(self.concepts)} concepts>"

    @classmethod
    def load(cls, path: Path | None = None) -> TopicScheme:
        """Read a SKOS scheme from Turtle (by default the bundled ``ontology/topics.ttl``).

        Raises:
            InputError: when the file is missing or not Turtle, or two concepts share a label.
        """
        path = path or resource_path("ontology", "topics.ttl")
        graph = Graph()
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError as error:
            raise InputError("topic scheme not found", path=str(path)) from error
        except Exception as error:  # rdflib raises parser-specific errors
            raise InputError(f"not a Turtle topic scheme: {error}", path=str(path)) from error
        subjects = {s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef)}
        return cls({str(s): _concept(graph, s) for s in sorted(subjects)})

    def tag(self, text: str) -> list[Topic]:
        """Return the concepts a text mentions, each once, in order of first mention.

        Args:
            text: a statement, as printed (not normalized).

        Returns:
            Topics labelled with the concepts' Japanese prefLabels.
        """
        if not self._keys:
            return []
        key, gaps = _text_key(text)
        matches = []
        for last, (length, iri, ascii_start, ascii_end) in self._automaton.iter(key):
            start, end = last + 1 - length, last + 1
            if (ascii_start and _cuts_word(key, start, gaps)) or (
                ascii_end and _cuts_word(key, end, gaps)
            ):
                continue
            matches.append((-length, start, end, iri))
        matches.sort()  # longest first, then leftmost
        taken = bytearray(len(key))
        claimed = []
        for _, start, end, iri in matches:
            if taken.find(1, start, end) == -1:
                taken[start:end] = b"\x01" * (end - start)
                claimed.append((start, iri))
        claimed.sort()
        first_mentions = dict.fromkeys(iri for _, iri in claimed)
        return [Topic(iri=iri, label=self.concepts[iri].label_ja) for iri in first_mentions]

    def narrower_closure(self, iri: str) -> set[str]:
        """Return the IRIs of a concept and of all the concepts below it.

        Raises:
            UsageError: when the IRI is not a concept of the scheme.
        """
        if iri not in self.concepts:
            raise UsageError(f"{iri} is not a topic of the scheme (see ontology/topics.ttl)")
        closure = {iri}
        pending = [iri]
        while pending:
            for child in self._narrower.get(pending.pop(), ()):
                if child not in closure:
                    closure.add(child)
                    pending.append(child)
        return closure

    def covers(self, term: str) -> bool:
        """Tell whether a term is a label, part of a label, or contains a label."""
        key = topic_key(term)
        return key in self._all_keys or bool(self.tag(term))


def _concept(graph: Graph, subject: URIRef) -> Concept:
    """Read one concept's labels and broader concepts."""
    pref = {
        o.language: str(o) for o in graph.objects(subject, SKOS.prefLabel) if isinstance(o, Literal)
    }
    labels = {
        str(o)
        for predicate in (SKOS.prefLabel, SKOS.altLabel)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal)
    }
    label_ja = pref.get("ja") or pref.get(None) or pref.get("en") or str(subject)
    # skos:narrower stated on the parent counts like skos:broader on the child.
    parents = {*graph.objects(subject, SKOS.broader), *graph.subjects(SKOS.narrower, subject)}
    broader = sorted(str(parent) for parent in parents)
    return Concept(str(subject), label_ja, pref.get("en"), tuple(sorted(labels)), tuple(broader))


@lru_cache(maxsize=1)
def default_scheme() -> TopicScheme:
    """Return the bundled scheme, parsed once per process."""
    return TopicScheme.load()


def annotate_topics(minutes: Minutes, scheme: TopicScheme | None = None) -> Minutes:
    """Set every statement's ``topics`` in place and return the record.

    Args:
        minutes: the record.
        scheme: the scheme to tag with; the bundled one by default.
    """
    scheme = scheme or default_scheme()
    for statement in minutes.statements:
        statement.topics = scheme.tag(statement.text)
    return minutes


# --- Candidates -------------------------------------------------------------------------

# Words too generic to be a topic, as whole terms and at either end of a compound
# (各自治体 → 自治体 → dropped). Only words that carry no subject of their own belong here.
_STOPWORDS = """
    検討 自治体 事業 取組 取組み 取り組み 必要 状況 今後 各 等 全 同 当 本 他 中 際 方 点 件 旨
    予定 現在 今回 前回 次回 本日 今年度 来年度 昨年度 年度 令和 平成 以上 以下 一部 全体 部分
    内容 方法 場合 関係 理解 認識 意見 説明 資料 報告 質問 回答 共有 対応 実施 状態 形 話 辺り
    ご お 御 様 さん 氏
"""
STOPWORDS = frozenset(_STOPWORDS.split())

# SudachiPy rejects inputs of more than about 49 KB; UTF-8 takes at most 4 bytes a character.
_SUDACHI_MAX_CHARS = 10_000
# Katakana words (not a lone ・ or ー), full- or half-width.
_KATAKANA = re.compile(r"(?=.*[ァ-ヺｦ-ﾝ])[ァ-ヺーｦ-ﾟ]+")
_ALNUM = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]+")
_NUMBER = re.compile(r"[0-9０-９.,]+")
_HIRAGANA = re.compile(r"[ぁ-ゖー]+")
# Noun subclasses of SudachiPy that make a compound but are too general to stand alone.
_GENERIC_KINDS = frozenset({"サ変可能", "副詞可能", "形状詞可能", "助数詞可能"})
_EXAMPLES = 3
_CONTEXT = 20


@dataclass
class Candidate:
    """A recurring term that the scheme has no label for.

    Attributes:
        term: the term as most often printed.
        count: how often it occurs in all texts.
        documents: in how many texts it occurs.
        examples: up to three passages that use it, with some context.
    """

    term: str
    count: int
    documents: int
    examples: list[str]


def topic_candidates(
    texts: Iterable[str], scheme: TopicScheme, *, min_count: int = 3, limit: int = 50
) -> list[Candidate]:
    """Return recurring noun compounds that no label of the scheme covers, most frequent first.

    A compound is a run of nouns, proper nouns, katakana words and ASCII letters and digits
    (SudachiPy, mode C), with a leading prefix and trailing noun-like suffixes (化, 性).
    Numbers and dates break compounds; pronouns, single characters and :data:`STOPWORDS`
    are dropped. A term the scheme already tags, or that is part of a label, is not a
    candidate.

    Args:
        texts: the texts to read, one statement each.
        scheme: the scheme whose labels are known.
        min_count: the fewest occurrences a candidate needs.
        limit: the most candidates returned.

    Raises:
        UsageError: when SudachiPy is not installed.
    """
    counts: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        seen = set()
        for term, start in _compounds(text):
            key = topic_key(term)
            counts[key] += 1
            surfaces[key][term] += 1
            if key not in seen:
                seen.add(key)
                documents[key] += 1
                if len(examples[key]) < _EXAMPLES:
                    examples[key].append(_passage(text, start, start + len(term)))
    found = [
        Candidate(surfaces[key].most_common(1)[0][0], count, documents[key], examples[key])
        for key, count in counts.items()
        if count >= min_count and not scheme.covers(key)
    ]
    found.sort(key=lambda c: (-c.count, -c.documents, c.term))
    return found[:limit]


def _passage(text: str, start: int, end: int) -> str:
    """Return the words around ``text[start:end]``, with … where the text was cut."""
    left, right = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    before = "…" if left > 0 else ""
    after = "…" if right < len(text) else ""
    return before + " ".join(text[left:right].split()) + after


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """Return SudachiPy's tokenizer in mode C (its dictionary takes a moment to load)."""
    try:
        from sudachipy import Dictionary, SplitMode
    except ImportError as error:
        raise UsageError(
            "topic candidates need SudachiPy: pip install 'sudachipy>=0.6' sudachidict-core"
        ) from error
    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


class _Token(NamedTuple):
    surface: str
    start: int
    kind: str  # noun, alnum (ASCII or katakana), number, prefix, suffix or other
    generic: bool  # too general to be a term alone: verbal nouns (検討), place names (東京都)


def _compounds(text: str) -> Iterator[tuple[str, int]]:
    """Yield each noun compound of a text with its offset in the text."""
    for chunk, offset in _chunks(text):
        run: list[_Token] = []
        for token in _tokens(chunk, offset):
            if run and (
                token.kind in ("noun", "alnum", "suffix")
                or (token.kind == "number" and run[-1].surface.isascii())  # M365 is M3 + 65
            ):
                run.append(token)
                continue
            yield from _term(run)
            run = [token] if token.kind in ("noun", "alnum", "prefix") else []
        yield from _term(run)


def _term(run: list[_Token]) -> Iterator[tuple[str, int]]:
    """Yield a compound without the stopwords at its ends, when what is left is a term."""
    while run and (run[0].surface in STOPWORDS or run[0].kind == "number"):
        run = run[1:]
    while run and (run[-1].surface in STOPWORDS or run[-1].kind == "number"):
        run = run[:-1]
    if not run or (len(run) == 1 and run[0].generic):
        return
    term = "".join(token.surface for token in run)
    if len(term) >= 2 and term not in STOPWORDS and not _HIRAGANA.fullmatch(term):
        yield term, run[0].start


def _tokens(text: str, offset: int) -> Iterator[_Token]:
    """Yield the morphemes of a text, with offsets counted from ``offset``."""
    for morpheme in _tokenizer().tokenize(text):
        surface = morpheme.surface()
        pos = morpheme.part_of_speech()
        if _NUMBER.fullmatch(surface) or pos[1] == "数詞":
            kind = "number"
        elif _ALNUM.fullmatch(surface) or _KATAKANA.fullmatch(surface):
            kind = "alnum"
        elif surface in ("等", "など") or _HIRAGANA.fullmatch(surface):
            kind = "other"  # こと, ため and the 等 that closes a list end a compound
        elif pos[0] == "名詞" and pos[1] in ("普通名詞", "固有名詞"):
            kind = "noun"
        elif pos[0] == "接頭辞":
            kind = "prefix"
        elif pos[0] == "接尾辞" and pos[1] == "名詞的":
            kind = "suffix"
        else:
            kind = "other"
        generic = pos[2] in _GENERIC_KINDS or (pos[1] == "固有名詞" and pos[2] in ("地名", "人名"))
        yield _Token(surface, offset + morpheme.begin(), kind, generic)


def _chunks(text: str) -> Iterator[tuple[str, int]]:
    """Yield pieces of a text small enough for SudachiPy, cut after sentences, with offsets."""
    start = 0
    while len(text) - start > _SUDACHI_MAX_CHARS:
        end = start + _SUDACHI_MAX_CHARS
        cut = max(text.rfind("。", start, end), text.rfind("\n", start, end))
        end = cut + 1 if cut > start else end
        yield text[start:end], start
        start = end
    yield text[start:], start
