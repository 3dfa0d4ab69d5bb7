# expect: <session/cio-council/2/statement/0> gks:Statement-wasDerivedFrom
DELETE WHERE { <session/cio-council/2/statement/0> prov:wasDerivedFrom ?s }
