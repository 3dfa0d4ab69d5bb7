# expect: <org/lg/130001> gks:Organization-sameAs
DELETE WHERE { <org/lg/130001> schema:sameAs ?w } ;
INSERT DATA { <org/lg/130001> schema:sameAs "Q1074185" }
