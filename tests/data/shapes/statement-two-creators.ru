# expect: <session/cio-council/2/statement/0> gks:Statement-creator
INSERT DATA { <session/cio-council/2/statement/0> schema:creator <org/lg/132144> }
