# expect: <session/cio-council/2/statement/0/source> gks:SpecificResource-hasSource
DELETE WHERE { <session/cio-council/2/statement/0/source> oa:hasSource ?r }
