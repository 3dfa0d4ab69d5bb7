# Without rdf:type schema:Event the session is still checked (it has a record and statements),
# and everything that needs a schema:Event there reports it.
# expect: <session/cio-council/2> gks:Session-type
# expect: <session/cio-council/2/statement/0> gks:Statement-isPartOf
# expect: <session/cio-council/2/statement/1> gks:Statement-isPartOf
# expect: <session/cio-council/2/agenda/0> gks:AgendaItem-superEvent
# expect: <record/68ceb863bdaa2c75> gks:Record-about
DELETE DATA { <session/cio-council/2> a schema:Event }
