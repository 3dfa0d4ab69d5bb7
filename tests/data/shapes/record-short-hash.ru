# expect: <record/68ceb863bdaa2c75> gks:Record-sha256
DELETE WHERE { <record/68ceb863bdaa2c75> dcterms:identifier ?h } ;
INSERT DATA { <record/68ceb863bdaa2c75> dcterms:identifier "68ceb863bdaa2c75" }
