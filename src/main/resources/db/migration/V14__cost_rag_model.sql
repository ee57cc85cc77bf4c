-- Cost estimator (issue 16): snapshots remember the RAG model a runtime's pods served, so the summary over past
-- days groups by RAG model as the run-rate does. Rows written before this migration served none ('').
ALTER TABLE cost_daily_snapshots ADD COLUMN rag_model VARCHAR(253) DEFAULT '' NOT NULL;
