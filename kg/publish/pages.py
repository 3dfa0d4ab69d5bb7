"""One page per resource: its HTML (with the same data as JSON-LD), Turtle, N-Triples, JSON-LD.

The resource ``{base_iri}{rest}`` is written to ``DIR/{rest}.html``, ``.ttl``, ``.nt`` and
``.jsonld``. Links inside the site are relative (``../../id/person/x.html``), so the site
reads from ``file://`` and from any host path.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from markupsafe import Markup

from kg.namespaces import GK, SCHEMA
from kg.publish.formats import compact, jsonld_bytes, jsonld_for_html, to_jsonld, to_ntriples
from kg.publish.formats import to_turtle as turtle_bytes
from kg.publish.graph import (
    DCT,
    KIND_LABELS,
    OA,
    ORG,
    Resource,
    SiteGraph,
    sort_key,
)
from kg.publish.labels import AS, INBOUND_LABELS, PROPERTY_LABELS, PROV

if TYPE_CHECKING:
    from jinja2 import Environment

MAX_INBOUND = 500  # links listed per inbound property on one page; the rest are counted
_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?")
_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def readable_date(value: str) -> str:
    """``2022-02-01T14:00:00+09:00`` → ``2022年2月1日 14:00``; other text unchanged."""
    match = _DATETIME.match(value)
    if not match:
        return value
    year, month, day, hour, minute = match.groups()
    text = f"{int(year)}年{int(month)}月{int(day)}日"
    return f"{text} {hour}:{minute}" if hour else text


def make_environment() -> Environment:
    """Return the Jinja2 environment of the site's templates (``viz/publish/``), autoescaped."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from kg.resources import resource_path

    env = Environment(
        loader=FileSystemLoader(str(resource_path("viz", "publish"))),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = readable_date
    return env


@dataclass
class Linker:
    """Turns IRIs into links relative to one page (site page, ontology anchor, or outside)."""

    graph: SiteGraph
    root: str
    ontology: frozenset[str] = frozenset()

    def sort_key(self, iri: str) -> tuple[str, int, str]:
        """The list order of ``iri`` (cached on the graph: lists repeat across pages)."""
        cache = self.graph.sort_keys
        if iri not in cache:
            cache[iri] = sort_key(self.graph, iri)
        return cache[iri]

    def href(self, iri: str) -> str | None:
        """Return the link to ``iri`` from the current page, or None when it has no safe one."""
        graph = self.graph
        resource = graph.resources.get(iri)
        if resource is not None:
            return f"{self.root}{resource.path}.html"
        owner = graph.owners.get(iri)
        if owner is not None:
            return f"{self.root}{graph.resources[owner].path}.html#{anchor(owner, iri)}"
        if iri.startswith(GK) and (iri in self.ontology or iri == GK):
            return f"{self.root}def.html#{iri[len(GK) :] or 'top'}"
        if iri.startswith(("http://", "https://")):
            return iri
        return None  # javascript:, data: and the like are shown, never linked

    def link(self, term: Any) -> dict[str, Any]:
        """Describe a term for the templates: a link, or a literal with its language."""
        if isinstance(term, ox.NamedNode):
            iri = term.value
            href = self.href(iri)
            internal = href is not None and not href.startswith(("http://", "https://"))
            label = self.graph.labels.get(iri) or compact(iri)
            if href is None:
                html = Markup('<span class="literal">%s</span>') % label
            elif internal:
                html = Markup('<a href="%s">%s</a>') % (href, label)
            else:
                html = Markup('<a class="external" href="%s" rel="noopener">%s</a>') % (href, label)
            return {
                "href": href,
                "label": label,
                "iri": iri,
                "external": not internal,
                "html": html,
            }
        if isinstance(term, ox.BlankNode):
            label = f"_:{term.value}"
            html = Markup('<span class="literal">%s</span>') % label
            return {"href": None, "label": label, "iri": None, "external": False, "html": html}
        datatype = term.datatype.value
        text = (
            readable_date(term.value) if datatype.endswith(("#dateTime", "#date")) else term.value
        )
        if term.language:
            html = Markup('<span class="literal" lang="%s">%s</span>') % (term.language, text)
        else:
            html = Markup('<span class="literal">%s</span>') % text
        return {"href": None, "label": text, "lang": term.language, "literal": True, "html": html}


def anchor(owner: str, dependent: str) -> str:
    """The HTML id of a dependent node on its owner's page (``source-81a5…-position``)."""
    rest = dependent[len(owner) :] if dependent.startswith(owner) else dependent
    return _ANCHOR_UNSAFE.sub("-", rest).strip("-") or "node"


def property_label(iri: str, ontology_labels: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The Japanese and English labels of a property, or its compact IRI twice."""
    found = PROPERTY_LABELS.get(iri) or ontology_labels.get(iri)
    return found or (compact(iri), compact(iri))


def facts(
    triples: list[ox.Triple], linker: Linker, labels: dict[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    """Group one node's triples by property: ``[{label, en, curie, values}]``, type first."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    for triple in triples:
        grouped[triple.predicate.value].append(triple.object)
    rows = []
    for predicate, objects in grouped.items():
        ja, en = property_label(predicate, labels)
        values = sorted((linker.link(o) for o in objects), key=_value_order)
        rows.append({"label": ja, "en": en, "curie": compact(predicate), "values": values})
    rows.sort(key=lambda row: (row["curie"] != "rdf:type", row["curie"]))
    return rows


def _value_order(value: dict[str, Any]) -> tuple[int, str]:
    return ({"ja": 0, None: 1, "": 1, "en": 2}.get(value.get("lang"), 3), value["label"])


def inbound(
    resource: Resource, linker: Linker, labels: dict[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    """What points at the resource, by property: ``[{label, en, items, more}]``."""
    graph = linker.graph
    grouped: dict[str, list[str]] = defaultdict(list)
    for subject, predicate in graph.inbound.get(resource.iri, ()):
        owner = graph.owners.get(subject, subject)  # a statement's source span: the statement
        if owner != resource.iri:
            grouped[predicate].append(owner)
    sections = []
    for predicate, subjects in sorted(grouped.items()):
        ja, en = INBOUND_LABELS.get(predicate) or property_label(predicate, labels)
        unique = sorted(set(subjects), key=linker.sort_key)
        items = [linker.link(ox.NamedNode(s)) for s in unique[:MAX_INBOUND]]
        for item, subject in zip(items, unique, strict=False):
            item["kind"] = KIND_LABELS[graph.kind(subject)][0]
        sections.append(
            {
                "label": ja,
                "en": en,
                "curie": compact(predicate),
                "items": items,
                "more": max(0, len(unique) - MAX_INBOUND),
            }
        )
    return sections


def statement_summary(graph: SiteGraph, iri: str, linker: Linker) -> dict[str, Any]:
    """The reader's view of a statement: who, in which post, where, what, and its source."""

    def links(predicate: str, subject: str = iri) -> list[dict[str, Any]]:
        return [linker.link(o) for o in graph.values(subject, predicate)]

    session = graph.first(iri, DCT + "isPartOf")
    creators = links(SCHEMA + "creator")
    posts = graph.values(iri, GK + "spokenAs")
    organizations = []
    for post in posts:  # the organization of the post, else the speaker when it is one
        org = graph.first(post.value, ORG + "postIn")
        while org and graph.kind(org) == "unit":
            org = graph.first(org, ORG + "unitOf") or None
        if org:
            organizations.append(linker.link(ox.NamedNode(org)))
    replies = [s for s, p in graph.inbound.get(iri, ()) if p == AS + "inReplyTo"]
    sources = []
    for derived in graph.values(iri, PROV + "wasDerivedFrom"):
        record = graph.first(derived.value, OA + "hasSource")
        start = end = None
        for selector in graph.values(derived.value, OA + "hasSelector"):
            start = graph.first(selector.value, OA + "start") or start
            end = graph.first(selector.value, OA + "end") or end
        urls = [u.value for u in graph.values(record, DCT + "source")] if record else []
        sources.append(
            {
                "record": linker.link(ox.NamedNode(record)) if record else None,
                "start": start,
                "end": end,
                "urls": [u for u in urls if u.startswith(("http://", "https://"))],
            }
        )
    return {
        "text": graph.first(iri, SCHEMA + "text") or "",
        "speaker_label": graph.first(iri, GK + "speakerLabel"),
        "creators": creators,
        "posts": [linker.link(p) for p in posts],
        "organizations": organizations,
        "session": linker.link(ox.NamedNode(session)) if session else None,
        "date": readable_date(graph.first(session, SCHEMA + "startDate") or "") if session else "",
        "agenda": links(GK + "agendaItem"),
        "acts": links(GK + "act"),
        "topics": links(DCT + "subject"),
        "in_reply_to": links(AS + "inReplyTo"),
        "replies": [linker.link(ox.NamedNode(s)) for s in sorted(replies, key=graph.label)],
        "sources": sources,
    }


def session_summary(graph: SiteGraph, iri: str, linker: Linker) -> dict[str, Any]:
    """The reader's view of a session: when, where, in which series, from which record."""
    start = graph.first(iri, SCHEMA + "startDate") or ""
    end = graph.first(iri, SCHEMA + "endDate") or ""
    when = readable_date(start)
    if end:
        same_day = end[:10] == start[:10] and len(end) > 10
        when += "〜" + (end[11:16] if same_day else readable_date(end))
    return {
        "when": when,
        "where": graph.first(iri, SCHEMA + "location"),
        "series": [linker.link(o) for o in graph.values(iri, SCHEMA + "superEvent")],
        "records": [linker.link(o) for o in graph.values(iri, SCHEMA + "recordedIn")],
        "statements": sum(1 for _, p in graph.inbound.get(iri, ()) if p == DCT + "isPartOf"),
    }


@dataclass
class PageWriter:
    """Writes the four files of each resource into a site folder."""

    graph: SiteGraph
    out_dir: Path
    env: Environment
    ontology_labels: dict[str, tuple[str, str]]
    ontology_terms: frozenset[str]
    site_title: str

    def write(self, resource: Resource) -> int:
        """Write one resource's page and files; return the bytes written."""
        base = self.out_dir / resource.path
        base.parent.mkdir(parents=True, exist_ok=True)
        document = to_jsonld(resource.triples)
        files = {
            ".html": self.render(resource, jsonld_for_html(document)).encode("utf-8"),
            ".ttl": turtle_bytes(resource.triples),
            ".nt": to_ntriples(resource.triples),
            ".jsonld": jsonld_bytes(document),
        }
        for suffix, data in files.items():
            base.with_name(base.name + suffix).write_bytes(data)
        return sum(len(data) for data in files.values())

    def render(self, resource: Resource, jsonld: str) -> str:
        """Return the HTML page of ``resource``."""
        graph = self.graph
        linker = Linker(graph, resource.root, self.ontology_terms)
        labels = self.ontology_labels
        own = graph.subjects.get(resource.iri, [])
        dependents = [
            {
                "id": anchor(resource.iri, d),
                "iri": d,
                "facts": facts(graph.subjects[d], linker, labels),
            }
            for d in resource.dependents
        ]
        kind_ja, kind_en = KIND_LABELS[resource.kind]
        template = self.env.get_template("resource.html")
        return template.render(
            site_title=self.site_title,
            root=resource.root,
            resource=resource,
            name=resource.path.rsplit("/", 1)[-1],
            label=graph.label(resource.iri),
            label_en=graph.labels_en.get(resource.iri),
            kind_ja=kind_ja,
            kind_en=kind_en,
            facts=facts(own, linker, labels),
            inbound=inbound(resource, linker, labels),
            dependents=dependents,
            statement=statement_summary(graph, resource.iri, linker)
            if resource.kind == "statement"
            else None,
            session=session_summary(graph, resource.iri, linker)
            if resource.kind == "session"
            else None,
            jsonld=Markup(jsonld),  # already escaped for a script element
        )


def write_pages(
    writer: PageWriter, progress: Callable[[str, int, int], None] | None = None
) -> tuple[int, int]:
    """Write every resource's files; return (pages, bytes)."""
    resources = list(writer.graph.resources.values())
    total = 0
    for done, resource in enumerate(resources, 1):
        total += writer.write(resource)
        if progress and (done % 1000 == 0 or done == len(resources)):
            progress("pages", done, len(resources))
    return len(resources), total


def ontology_labels_from(triples: list[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """Collect (ja, en) labels from ``(subject, language, label)`` rows of the ontology."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for subject, language, label in triples:
        found[subject].setdefault(language, label)
    return {
        s: (v.get("ja") or v.get("en", ""), v.get("en") or v.get("ja", ""))
        for s, v in found.items()
    }
