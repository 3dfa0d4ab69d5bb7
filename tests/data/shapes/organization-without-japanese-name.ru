# expect: <org/lg/132144> gks:Organization-prefLabelJa
DELETE DATA { <org/lg/132144> skos:prefLabel "国分寺市"@ja }
