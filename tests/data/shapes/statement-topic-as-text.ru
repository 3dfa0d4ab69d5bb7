# expect: <session/cio-council/2/statement/0> gks:Statement-subject
INSERT DATA { <session/cio-council/2/statement/0> dcterms:subject "クラウド"@ja }
