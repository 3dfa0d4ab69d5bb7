# expect: <session/cio-council/2> gks:Session-startDate
DELETE WHERE { <session/cio-council/2> schema:endDate ?e } ;
INSERT DATA { <session/cio-council/2> schema:endDate "2023-02-08T12:00:00+09:00"^^xsd:dateTime }
