# expect: <record/68ceb863bdaa2c75> gks:Record-about
INSERT DATA { <record/68ceb863bdaa2c75> schema:about <series/cio-council> }
