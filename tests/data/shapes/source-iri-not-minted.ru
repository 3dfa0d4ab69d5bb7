# expect: <source/0> gks:SpecificResourceShape
DELETE { <session/cio-council/2/statement/0/source/0123456789abcdef> ?p ?o } INSERT { <source/0> ?p ?o }
WHERE { <session/cio-council/2/statement/0/source/0123456789abcdef> ?p ?o } ;
DELETE DATA { <session/cio-council/2/statement/0> prov:wasDerivedFrom <session/cio-council/2/statement/0/source/0123456789abcdef> } ;
INSERT DATA { <session/cio-council/2/statement/0> prov:wasDerivedFrom <source/0> }
