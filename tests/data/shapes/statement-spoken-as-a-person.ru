# expect: <session/cio-council/2/statement/0> gks:Statement-spokenAs
DELETE WHERE { <session/cio-council/2/statement/0> gk:spokenAs ?p } ;
INSERT DATA { <session/cio-council/2/statement/0> gk:spokenAs <person/takahashi-naoyoshi> }
