-- GET /keys showed the first 8 characters of a secret chosen with BOOTSTRAP_ADMIN_KEY
-- (issue 10, finding 12). Keys made from that variable now keep no prefix at all; this
-- clears the one stored before. They are found by their bootstrap audit entry, since a
-- chosen secret may itself begin with ctk_.
UPDATE api_keys SET prefix = ''
WHERE id IN (
  SELECT entity_id FROM audit_log
  WHERE action = 'key.bootstrap' AND json_extract(details, '$.source') = 'BOOTSTRAP_ADMIN_KEY'
);
