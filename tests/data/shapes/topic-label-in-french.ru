# expect: <topic/cloud> gks:Concept-prefLabel
INSERT DATA { <topic/cloud> skos:prefLabel "nuage"@fr }
