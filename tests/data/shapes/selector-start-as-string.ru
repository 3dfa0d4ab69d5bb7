# expect: <session/cio-council/2/statement/0/source/0123456789abcdef#position> gks:TextPositionSelector-start
DELETE WHERE { <session/cio-council/2/statement/0/source/0123456789abcdef#position> oa:start ?s } ;
INSERT DATA { <session/cio-council/2/statement/0/source/0123456789abcdef#position> oa:start "12" }
