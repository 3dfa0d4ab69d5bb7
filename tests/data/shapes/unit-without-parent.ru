# expect: <org/lg/132144/unit/seisaku-bu> gks:Unit-unitOf
DELETE WHERE { <org/lg/132144/unit/seisaku-bu> org:unitOf ?p }
