# expect: <topic/cloud> gks:Concept-broader
INSERT DATA { <topic/cloud> skos:broader "DX" }
