# expect: <session/cio-council/2/statement/0> gks:Statement-subsection
DELETE WHERE { <session/cio-council/2/statement/0> gk:subsection ?s } ;
INSERT DATA { <session/cio-council/2/statement/0> gk:subsection "質疑応答" }
