# expect: <session/cio-council/2/statement/0> gks:Statement-text
DELETE WHERE { <session/cio-council/2/statement/0> schema:text ?t } ;
INSERT DATA { <session/cio-council/2/statement/0> schema:text "ガバメントクラウドへの移行時期を伺いたい。" }
