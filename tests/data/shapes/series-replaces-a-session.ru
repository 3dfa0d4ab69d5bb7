# dcterms:replaces points to a session instead of the earlier series.
# expect: <series/cio-council> gks:Series-replaces
INSERT DATA { <series/cio-council> dcterms:replaces <session/cio-council/2> }
