# expect: <session/cio-council/2> gks:Session-location
DELETE WHERE { <session/cio-council/2> schema:location ?l } ;
INSERT DATA { <session/cio-council/2> schema:location "都庁第一本庁舎" }
