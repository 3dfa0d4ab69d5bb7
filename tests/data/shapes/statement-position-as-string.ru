# expect: <session/cio-council/2/statement/0> gks:Statement-position
DELETE WHERE { <session/cio-council/2/statement/0> schema:position ?n } ;
INSERT DATA { <session/cio-council/2/statement/0> schema:position "1"^^xsd:string }
