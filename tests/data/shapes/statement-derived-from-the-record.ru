# The span, not the whole document, is what a statement is derived from.
# expect: <session/cio-council/2/statement/0> gks:Statement-wasDerivedFrom
DELETE WHERE { <session/cio-council/2/statement/0> prov:wasDerivedFrom ?s } ;
INSERT DATA { <session/cio-council/2/statement/0> prov:wasDerivedFrom <record/68ceb863bdaa2c75> }
