# expect: <session/cio-council/2> gks:Session-endDate
INSERT DATA { <session/cio-council/2> schema:endDate "2023-02-08T17:00:00+09:00"^^xsd:dateTime }
