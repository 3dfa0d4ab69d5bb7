# expect: <session/cio-council/2/statement/0/source/0123456789abcdef> gks:SpecificResource-position
INSERT DATA {
  <session/cio-council/2/statement/0/source/0123456789abcdef> oa:hasSelector <session/cio-council/2/statement/0/source/0123456789abcdef#position2> .
  <session/cio-council/2/statement/0/source/0123456789abcdef#position2> a oa:TextPositionSelector ;
      oa:start "0"^^xsd:nonNegativeInteger ; oa:end "10"^^xsd:nonNegativeInteger .
}
