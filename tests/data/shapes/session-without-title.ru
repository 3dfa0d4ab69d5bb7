# expect: <session/cio-council/2> gks:Session-name
DELETE WHERE { <session/cio-council/2> schema:name ?n }
