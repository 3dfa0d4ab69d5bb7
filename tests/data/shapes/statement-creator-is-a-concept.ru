# expect: <session/cio-council/2/statement/0> gks:Statement-creator
DELETE WHERE { <session/cio-council/2/statement/0> schema:creator ?c } ;
INSERT DATA { <session/cio-council/2/statement/0> schema:creator <topic/cloud> }
