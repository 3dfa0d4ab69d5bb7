# expect: <session/cio-council/2/statement/0> gks:Statement-act
DELETE WHERE { <session/cio-council/2/statement/0> gk:act ?a } ;
INSERT DATA { <session/cio-council/2/statement/0> gk:act "question" }
