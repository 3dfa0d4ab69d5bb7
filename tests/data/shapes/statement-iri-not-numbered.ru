# A statement IRI must end in its number.
# expect: <session/cio-council/2/statement/1a> gks:StatementShape
DELETE { <session/cio-council/2/statement/1> ?p ?o } INSERT { <session/cio-council/2/statement/1a> ?p ?o } WHERE { <session/cio-council/2/statement/1> ?p ?o }
