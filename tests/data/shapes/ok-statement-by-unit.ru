# A statement attributed to a unit, with a commitment and no topic.
# expect: conforms
DELETE WHERE { <session/cio-council/2/statement/1> schema:creator ?c ; gk:act ?a ; dcterms:subject ?t } ;
INSERT DATA { <session/cio-council/2/statement/1> schema:creator <org/lg/132144/unit/seisaku-bu> ; gk:act gk:act-commitment }
