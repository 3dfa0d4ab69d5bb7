# Variants go in skos:altLabel.
# expect: <org/lg/132144> gks:Organization-prefLabel
INSERT DATA { <org/lg/132144> skos:prefLabel "国分寺"@ja }
