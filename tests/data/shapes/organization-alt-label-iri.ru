# expect: <org/lg/130001> gks:Organization-altLabel
INSERT DATA { <org/lg/130001> skos:altLabel <http://www.wikidata.org/entity/Q1074185> }
