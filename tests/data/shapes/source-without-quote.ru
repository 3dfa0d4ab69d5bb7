# expect: <session/cio-council/2/statement/0/source/0123456789abcdef> gks:SpecificResource-quote
DELETE DATA { <session/cio-council/2/statement/0/source/0123456789abcdef> oa:hasSelector <session/cio-council/2/statement/0/source/0123456789abcdef#quote> }
