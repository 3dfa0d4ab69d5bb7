# expect: <session/cio-council/2/agenda/0> gks:AgendaItem-performer
INSERT DATA { <session/cio-council/2/agenda/0> schema:performer <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> }
