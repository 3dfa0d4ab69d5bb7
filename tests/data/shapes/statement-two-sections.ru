# expect: <session/cio-council/2/statement/0> gks:Statement-section
INSERT DATA { <session/cio-council/2/statement/0> gk:section "議事"@ja }
