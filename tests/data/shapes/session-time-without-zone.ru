# A date-time without +09:00 is ambiguous.
# expect: <session/cio-council/2> gks:Session-startDate
DELETE WHERE { <session/cio-council/2> schema:startDate ?s ; schema:endDate ?e } ;
INSERT DATA { <session/cio-council/2> schema:startDate "2023-02-08T14:00:00"^^xsd:dateTime }
