# expect: <session/cio-council/2> gks:Session-position
DELETE WHERE { <session/cio-council/2> schema:position ?n } ;
INSERT DATA { <session/cio-council/2> schema:position "2"^^xsd:string }
