# expect: <session/cio-council/2/agenda/0> gks:AgendaItem-superEvent
DELETE WHERE { <session/cio-council/2/agenda/0> schema:superEvent ?s }
