# expect: <topic/cloud> gks:Concept-prefLabelJa
DELETE DATA { <topic/cloud> skos:prefLabel "クラウド"@ja }
