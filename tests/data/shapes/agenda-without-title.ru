# expect: <session/cio-council/2/agenda/0> gks:AgendaItem-name
DELETE WHERE { <session/cio-council/2/agenda/0> schema:name ?n }
