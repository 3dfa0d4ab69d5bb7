# expect: <session/cio-council/2/statement/0/source> gks:SpecificResource-quote
DELETE DATA { <session/cio-council/2/statement/0/source> oa:hasSelector <session/cio-council/2/statement/0/source#quote> }
