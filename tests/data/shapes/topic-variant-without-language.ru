# expect: <topic/cloud> gks:Concept-altLabel
INSERT DATA { <topic/cloud> skos:altLabel "クラウド化" }
