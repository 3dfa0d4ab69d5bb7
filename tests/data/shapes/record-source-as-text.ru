# expect: <record/68ceb863bdaa2c75> gks:Record-source
DELETE WHERE { <record/68ceb863bdaa2c75> dcterms:source ?u } ;
INSERT DATA { <record/68ceb863bdaa2c75> dcterms:source "https://www.digitalservice.metro.tokyo.lg.jp/" }
