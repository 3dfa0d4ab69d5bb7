# expect: <org/lg/130001> gks:Organization-seeAlso
INSERT DATA { <org/lg/130001> rdfs:seeAlso "C13000" }
