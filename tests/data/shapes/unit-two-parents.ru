# expect: <org/lg/132144/unit/seisaku-bu> gks:Unit-unitOf
INSERT DATA { <org/lg/132144/unit/seisaku-bu> org:unitOf <org/lg/130001> }
