# The parent is an IRI with no type: the organization was never described.
# expect: <org/lg/132144/unit/seisaku-bu> gks:Unit-unitOf
DELETE WHERE { <org/lg/132144/unit/seisaku-bu> org:unitOf ?p } ;
INSERT DATA { <org/lg/132144/unit/seisaku-bu> org:unitOf <org/kokubunji> }
