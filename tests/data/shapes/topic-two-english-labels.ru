# expect: <topic/cloud> gks:Concept-prefLabel
INSERT DATA { <topic/cloud> skos:prefLabel "cloud computing"@en }
