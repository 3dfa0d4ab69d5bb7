# expect: <topic/dx-support> gks:Concept-inScheme
DELETE WHERE { <topic/dx-support> skos:inScheme ?s }
