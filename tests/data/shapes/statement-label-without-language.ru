# expect: <session/cio-council/2/statement/0> gks:Statement-speakerLabel
DELETE WHERE { <session/cio-council/2/statement/0> gk:speakerLabel ?l } ;
INSERT DATA { <session/cio-council/2/statement/0> gk:speakerLabel "国分寺市 情報システム企画課長" }
