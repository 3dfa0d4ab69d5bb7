# expect: <org/lg/132144> gks:Organization-identifier
INSERT DATA { <org/lg/132144> org:identifier "132145" }
