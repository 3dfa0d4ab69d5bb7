# expect: <person/高橋直義> gks:PersonShape
INSERT DATA { <person/高橋直義> a foaf:Person ; foaf:name "高橋直義"@ja . }
