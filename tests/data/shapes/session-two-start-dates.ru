# expect: <session/cio-council/2> gks:Session-startDate
INSERT DATA { <session/cio-council/2> schema:startDate "2023-02-08T13:00:00+09:00"^^xsd:dateTime }
