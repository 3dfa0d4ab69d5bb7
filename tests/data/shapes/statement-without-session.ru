# expect: <session/cio-council/2/statement/0> gks:Statement-isPartOf
DELETE WHERE { <session/cio-council/2/statement/0> dcterms:isPartOf ?s }
