# expect: <session/cio-council/2/statement/0> gks:Statement-act
INSERT DATA { <session/cio-council/2/statement/0> gk:act gk:act-request }
