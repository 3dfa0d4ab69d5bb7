# Reached through its statements, the session has lost its record.
# expect: <session/cio-council/2> gks:Session-recordedIn
DELETE WHERE { <session/cio-council/2> schema:recordedIn ?r }
