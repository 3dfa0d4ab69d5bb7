# 30 February does not exist; the end is removed so that only the date itself is wrong.
# expect: <session/cio-council/2> gks:Session-startDate
DELETE WHERE { <session/cio-council/2> schema:startDate ?s ; schema:endDate ?e } ;
INSERT DATA { <session/cio-council/2> schema:startDate "2023-02-30"^^xsd:date }
