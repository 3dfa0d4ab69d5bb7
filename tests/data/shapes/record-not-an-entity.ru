# expect: <record/68ceb863bdaa2c75> gks:RecordShape
DELETE DATA { <record/68ceb863bdaa2c75> a prov:Entity }
