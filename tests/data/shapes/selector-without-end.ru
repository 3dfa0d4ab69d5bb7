# expect: <session/cio-council/2/statement/0/source/0123456789abcdef#position> gks:TextPositionSelector-end
DELETE WHERE { <session/cio-council/2/statement/0/source/0123456789abcdef#position> oa:end ?e }
