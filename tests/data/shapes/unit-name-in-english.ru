# expect: <org/lg/132144/unit/seisaku-bu> gks:Unit-prefLabel
DELETE WHERE { <org/lg/132144/unit/seisaku-bu> skos:prefLabel ?l } ;
INSERT DATA { <org/lg/132144/unit/seisaku-bu> skos:prefLabel "Policy Department"@en }
