# expect: <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> gks:Post-evidence
INSERT DATA { <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> gk:evidence <record/68ceb863bdaa2c75> }
