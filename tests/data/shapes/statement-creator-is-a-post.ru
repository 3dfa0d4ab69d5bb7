# The post goes in gk:spokenAs, not schema:creator.
# expect: <session/cio-council/2/statement/0> gks:Statement-creator
DELETE WHERE { <session/cio-council/2/statement/0> schema:creator ?c } ;
INSERT DATA { <session/cio-council/2/statement/0> schema:creator <post/lg/132144/unit/seisaku-bu/unit/joho-system-kikaku-ka/kacho> }
