# expect: <session/cio-council/2/statement/0/source/0123456789abcdef> gks:SpecificResource-hasSource
DELETE WHERE { <session/cio-council/2/statement/0/source/0123456789abcdef> oa:hasSource ?r }
