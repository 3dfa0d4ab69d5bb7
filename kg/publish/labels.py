"""How pages name properties: the reused vocabularies' terms in Japanese and English, and the
headings of the lists of what points at a resource (the ``gk:`` terms take their labels from
the ontology)."""

from __future__ import annotations

from kg.namespaces import GK, SCHEMA
from kg.publish.graph import DCT, FOAF, OA, ORG, RDF_TYPE, SKOS

PROV = "http://www.w3.org/ns/prov#"
AS = "https://www.w3.org/ns/activitystreams#"
# Labels of the reused properties the data uses (the gk: terms take theirs from the ontology).
PROPERTY_LABELS: dict[str, tuple[str, str]] = {
    RDF_TYPE: ("種別", "type"),
    SCHEMA + "name": ("名称", "name"),
    SCHEMA + "text": ("本文", "text"),
    SCHEMA + "position": ("順番", "position"),
    SCHEMA + "superEvent": ("上位の会議", "part of event"),
    SCHEMA + "startDate": ("開始", "start"),
    SCHEMA + "endDate": ("終了", "end"),
    SCHEMA + "location": ("場所", "location"),
    SCHEMA + "eventAttendanceMode": ("開催形態", "attendance mode"),
    SCHEMA + "recordedIn": ("記録", "recorded in"),
    SCHEMA + "about": ("対象", "about"),
    SCHEMA + "encodingFormat": ("形式", "format"),
    SCHEMA + "identifier": ("記事ID", "identifier"),
    SCHEMA + "creator": ("発言者", "speaker"),
    SCHEMA + "performer": ("報告者", "presenter"),
    SCHEMA + "organizer": ("主催", "organizer"),
    SCHEMA + "sameAs": ("同一の資源", "same as"),
    SCHEMA + "familyName": ("姓", "family name"),
    SCHEMA + "givenName": ("名", "given name"),
    ORG + "identifier": ("団体コード", "identifier"),
    ORG + "classification": ("分類", "classification"),
    ORG + "unitOf": ("所属", "unit of"),
    ORG + "postIn": ("所属", "post in"),
    ORG + "heldBy": ("在職者", "held by"),
    FOAF + "name": ("氏名", "name"),
    SKOS + "prefLabel": ("名称", "label"),
    SKOS + "altLabel": ("別表記", "alternative label"),
    SKOS + "broader": ("上位の話題", "broader"),
    SKOS + "narrower": ("下位の話題", "narrower"),
    SKOS + "inScheme": ("体系", "in scheme"),
    SKOS + "exactMatch": ("同一の概念", "exact match"),
    SKOS + "definition": ("定義", "definition"),
    SKOS + "topConceptOf": ("最上位の体系", "top concept of"),
    SKOS + "hasTopConcept": ("最上位の話題", "top concept"),
    PROV + "wasDerivedFrom": ("出典", "derived from"),
    DCT + "isPartOf": ("会議", "part of"),
    DCT + "subject": ("話題", "subject"),
    DCT + "identifier": ("識別子", "identifier"),
    DCT + "source": ("出典URL", "source"),
    DCT + "replaces": ("前身", "replaces"),
    DCT + "title": ("題名", "title"),
    DCT + "description": ("説明", "description"),
    AS + "inReplyTo": ("応答先", "in reply to"),
    OA + "hasSource": ("出典資料", "source"),
    OA + "hasSelector": ("位置", "selector"),
    OA + "start": ("開始位置", "start"),
    OA + "end": ("終了位置", "end"),
    OA + "exact": ("引用", "quote"),
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": ("関連", "see also"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("ラベル", "label"),
}
# How a list of what points at a resource is headed, by the property that points.
INBOUND_LABELS: dict[str, tuple[str, str]] = {
    SCHEMA + "creator": ("発言", "statements made"),
    GK + "spokenAs": ("この職での発言", "statements in this post"),
    DCT + "isPartOf": ("この会議の発言", "statements in this session"),
    GK + "agendaItem": ("この議題での発言", "statements under this item"),
    DCT + "subject": ("この話題の発言", "statements on this topic"),
    AS + "inReplyTo": ("この発言への応答", "replies"),
    GK + "act": ("この発言行為の発言", "statements of this act"),
    SCHEMA + "superEvent": ("この会議の回・議題", "sessions and agenda items"),
    SCHEMA + "performer": ("報告した議題", "presented agenda items"),
    ORG + "heldBy": ("在職した職", "posts held"),
    ORG + "postIn": ("この団体・部署の職", "posts"),
    ORG + "unitOf": ("部署", "units"),
    SCHEMA + "recordedIn": ("記録された会議", "sessions recorded"),
    OA + "hasSource": ("この記録から読んだ発言", "statements read from this record"),
    SKOS + "broader": ("下位の話題", "narrower topics"),
    SKOS + "inScheme": ("体系の概念", "concepts"),
    DCT + "replaces": ("後継", "replaced by"),
}
