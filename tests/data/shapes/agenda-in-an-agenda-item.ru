# A sub-item hung under another agenda item rather than the session.
# expect: <session/cio-council/2/agenda/1> gks:AgendaItem-superEvent
INSERT DATA {
  <session/cio-council/2/agenda/1> a gk:AgendaItem ;
      schema:superEvent <session/cio-council/2/agenda/0> ;
      schema:position 1 ;
      schema:name "その他"@ja .
}
