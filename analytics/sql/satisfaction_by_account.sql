-- CSAT and NPS per account, over every answer up to as_of (accounts without answers are left out).
--   csat_responses  csat answers scored 1–5 by the customer (an agent's note, source agent, is left out)
--   csat            100 × answers of 4 or 5 / csat_responses (percent; NULL without csat answers)
--   nps_responses   nps answers scored 0–10
--   nps             100 × (answers of 9–10 − answers of 0–6) / nps_responses (NULL without nps answers)
WITH p AS (SELECT * FROM metric_context),
answers AS (
  SELECT r.account_id, r.kind, r.score
  FROM survey_responses r, p
  WHERE r.account_id IS NOT NULL
    AND r.responded_at < p.as_of_end
    AND ((r.kind = 'csat' AND r.score BETWEEN 1 AND 5 AND r.source IS DISTINCT FROM 'agent') OR (r.kind = 'nps' AND r.score BETWEEN 0 AND 10))
)
SELECT
  account_id,
  count(*) FILTER (WHERE kind = 'csat') AS csat_responses,
  100.0 * count(*) FILTER (WHERE kind = 'csat' AND score >= 4)
    / nullif(count(*) FILTER (WHERE kind = 'csat'), 0) AS csat,
  count(*) FILTER (WHERE kind = 'nps') AS nps_responses,
  100.0 * (count(*) FILTER (WHERE kind = 'nps' AND score >= 9) - count(*) FILTER (WHERE kind = 'nps' AND score <= 6))
    / nullif(count(*) FILTER (WHERE kind = 'nps'), 0) AS nps
FROM answers
GROUP BY account_id
ORDER BY account_id
