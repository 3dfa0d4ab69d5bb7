# expect: <session/cio-council/2/statement/0> gks:Statement-text
INSERT DATA { <session/cio-council/2/statement/0> schema:text "移行時期を伺いたい。"@ja }
