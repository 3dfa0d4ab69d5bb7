# The same statement placed in two sessions, both valid.
# expect: <session/cio-council/2/statement/0> gks:Statement-isPartOf
INSERT DATA {
  <session/cio-council/2/statement/0> dcterms:isPartOf <session/cio-council/3> .
  <session/cio-council/3> a schema:Event ;
      schema:name "第3回 都・区市町村CIO協議会"@ja ;
      schema:startDate "2023-08-09"^^xsd:date ;
      schema:recordedIn <record/68ceb863bdaa2c75> .
}
