# An agenda item whose IRI does not follow id/session/{series}/{n}/agenda/{k}.
# expect: <agenda/kokubunji-cloud> gks:AgendaItemShape
INSERT DATA {
  <agenda/kokubunji-cloud> a gk:AgendaItem ;
      schema:superEvent <session/cio-council/2> ; schema:position 1 ; schema:name "その他"@ja .
}
