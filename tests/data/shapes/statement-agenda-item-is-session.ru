# expect: <session/cio-council/2/statement/0> gks:Statement-agendaItem
DELETE WHERE { <session/cio-council/2/statement/0> gk:agendaItem ?a } ;
INSERT DATA { <session/cio-council/2/statement/0> gk:agendaItem <session/cio-council/2> }
