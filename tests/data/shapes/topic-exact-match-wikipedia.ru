# expect: <topic/cloud> gks:Concept-exactMatch
DELETE WHERE { <topic/cloud> skos:exactMatch ?w } ;
INSERT DATA { <topic/cloud> skos:exactMatch <https://ja.wikipedia.org/wiki/クラウドコンピューティング> }
