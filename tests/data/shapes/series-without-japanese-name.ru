# Only the English name is left.
# expect: <series/cio-council> gks:Series-nameJa
DELETE DATA { <series/cio-council> schema:name "都・区市町村CIO協議会"@ja }
