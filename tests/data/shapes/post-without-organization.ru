# expect: <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> gks:Post-postIn
DELETE WHERE { <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> org:postIn ?o }
