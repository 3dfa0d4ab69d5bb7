# expect: <org/lg/130001> gks:Organization-classification
INSERT DATA { <org/lg/130001> org:classification "都道府県"@ja }
