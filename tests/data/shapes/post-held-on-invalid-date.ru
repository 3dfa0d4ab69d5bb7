# expect: <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> gks:Post-heldOn
INSERT DATA { <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> gk:heldOn "2023-13-01"^^xsd:date }
