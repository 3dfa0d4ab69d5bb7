# Two names in one language.
# expect: <series/cio-council> gks:Series-name
INSERT DATA { <series/cio-council> schema:name "CIO Council"@en }
