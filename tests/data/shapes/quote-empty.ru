# expect: <session/cio-council/2/statement/0/source#quote> gks:TextQuoteSelector-exact
DELETE WHERE { <session/cio-council/2/statement/0/source#quote> oa:exact ?q } ;
INSERT DATA { <session/cio-council/2/statement/0/source#quote> oa:exact "" }
