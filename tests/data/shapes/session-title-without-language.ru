# expect: <session/cio-council/2> gks:Session-name
DELETE WHERE { <session/cio-council/2> schema:name ?n } ;
INSERT DATA { <session/cio-council/2> schema:name "第2回 都・区市町村CIO協議会" }
