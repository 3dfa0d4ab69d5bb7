# expect: <session/cio-council/2/statement/0> gks:StatementSpeakerShape
DELETE WHERE { <session/cio-council/2/statement/0> schema:creator ?who }
