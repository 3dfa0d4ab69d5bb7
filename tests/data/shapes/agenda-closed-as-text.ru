# expect: <session/cio-council/2/agenda/0> gks:AgendaItem-closed
DELETE WHERE { <session/cio-council/2/agenda/0> gk:closed ?c } ;
INSERT DATA { <session/cio-council/2/agenda/0> gk:closed "非公開"@ja }
