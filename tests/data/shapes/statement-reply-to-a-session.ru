# expect: <session/cio-council/2/statement/1> gks:Statement-inReplyTo
DELETE WHERE { <session/cio-council/2/statement/1> as:inReplyTo ?s } ;
INSERT DATA { <session/cio-council/2/statement/1> as:inReplyTo <session/cio-council/2> }
