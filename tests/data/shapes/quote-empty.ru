# expect: <session/cio-council/2/statement/0/source/0123456789abcdef#quote> gks:TextQuoteSelector-exact
DELETE WHERE { <session/cio-council/2/statement/0/source/0123456789abcdef#quote> oa:exact ?q } ;
INSERT DATA { <session/cio-council/2/statement/0/source/0123456789abcdef#quote> oa:exact "" }
