# expect: <session/cio-council/2/statement/0/source#position> gks:TextPositionSelector-end
DELETE WHERE { <session/cio-council/2/statement/0/source#position> oa:end ?e }
