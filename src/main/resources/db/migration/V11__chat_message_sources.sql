-- The sources of a RAG model's answer get a column of their own (a JSON array of {"document","score"}); until now
-- they were kept in the finished answer's reason column as 'sources:[...]'. Those rows are moved over.
-- Plain SQL that runs on H2 and PostgreSQL alike.
ALTER TABLE chat_messages ADD COLUMN sources VARCHAR(4000);

UPDATE chat_messages SET sources = SUBSTRING(reason, 9), reason = NULL WHERE reason LIKE 'sources:%';
