# expect: <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> gks:Post-heldBy
INSERT DATA { <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> org:heldBy <org/lg/132144> }
