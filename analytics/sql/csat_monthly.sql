-- Customer satisfaction (CSAT) by month: the share of satisfied answers on the 1–5 scale.
--   month       first day of the month the answer was given (UTC), up to as_of
--   responses   csat answers with a score from 1 to 5 given by the customer (source ≠ agent: an
--               agent's note of what a customer said at close is not counted) (other scores are not valid csat answers)
--   satisfied   answers of 4 or 5
--   csat        100 × satisfied / responses (percent)
WITH p AS (SELECT * FROM metric_context)
SELECT
  CAST(date_trunc('month', r.responded_at) AS DATE) AS month,
  count(*) AS responses,
  count(*) FILTER (WHERE r.score >= 4) AS satisfied,
  100.0 * count(*) FILTER (WHERE r.score >= 4) / count(*) AS csat
FROM survey_responses r, p
WHERE r.kind = 'csat' AND r.score BETWEEN 1 AND 5 AND r.source IS DISTINCT FROM 'agent' AND r.responded_at < p.as_of_end
GROUP BY ALL
ORDER BY month
