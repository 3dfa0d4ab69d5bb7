# schema:superEvent of a session must be a series.
# expect: <session/cio-council/2> gks:Session-superEvent
DELETE WHERE { <session/cio-council/2> schema:superEvent ?s } ;
INSERT DATA { <session/cio-council/2> schema:superEvent <session/cio-council/1> . <session/cio-council/1> a schema:Event }
