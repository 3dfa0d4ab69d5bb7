# expect: <session/cio-council/2/agenda/0> gks:AgendaItem-position
DELETE WHERE { <session/cio-council/2/agenda/0> schema:position ?n } ;
INSERT DATA { <session/cio-council/2/agenda/0> schema:position -1 }
