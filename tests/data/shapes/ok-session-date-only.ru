# A record that gives the day but no time: xsd:date, no end.
# expect: conforms
DELETE WHERE { <session/cio-council/2> schema:startDate ?s ; schema:endDate ?e } ;
INSERT DATA { <session/cio-council/2> schema:startDate "2023-02-08"^^xsd:date }
