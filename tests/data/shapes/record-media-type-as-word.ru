# expect: <record/68ceb863bdaa2c75> gks:Record-encodingFormat
DELETE WHERE { <record/68ceb863bdaa2c75> schema:encodingFormat ?f } ;
INSERT DATA { <record/68ceb863bdaa2c75> schema:encodingFormat "PDF" }
