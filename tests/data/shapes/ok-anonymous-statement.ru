# An unattributed bullet: no speaker, post or label.
# expect: conforms
DELETE WHERE { <session/cio-council/2/statement/0> schema:creator ?c ; gk:spokenAs ?p ; gk:speakerLabel ?l } ;
DELETE WHERE { <session/cio-council/2/agenda/0> schema:performer ?x }
