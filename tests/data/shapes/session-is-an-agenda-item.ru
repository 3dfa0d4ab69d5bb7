# A statement placed in its agenda item instead of its session.
# expect: <session/cio-council/2/agenda/0> gks:SessionShape
# expect: <session/cio-council/2/agenda/0> gks:Session-type
# expect: <session/cio-council/2/agenda/0> gks:Session-notAgendaItem
# expect: <session/cio-council/2/agenda/0> gks:Session-startDate
# expect: <session/cio-council/2/agenda/0> gks:Session-recordedIn
# expect: <session/cio-council/2/agenda/0> gks:Session-superEvent
# expect: <session/cio-council/2/agenda/0> gks:Session-position
DELETE WHERE { <session/cio-council/2/statement/0> dcterms:isPartOf ?s } ;
INSERT DATA { <session/cio-council/2/statement/0> dcterms:isPartOf <session/cio-council/2/agenda/0> }
