# expect: <session/cio-council/2> gks:Session-startDate
DELETE WHERE { <session/cio-council/2> schema:startDate ?d }
