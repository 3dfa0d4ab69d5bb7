# expect: <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> gks:Post-prefLabel
DELETE WHERE { <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> skos:prefLabel ?l }
