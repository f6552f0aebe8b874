-- CSAT by channel, over every csat answer up to as_of.
--   channel     the channel of the case the answer is about (how the customer reached support);
--               an answer not tied to a case uses its own channel; NULL when neither is known
--   responses   csat answers scored 1–5 given by the customer (source ≠ agent);  satisfied: answers of 4 or 5
--   csat        100 × satisfied / responses (percent)
-- Largest channels first.
WITH p AS (SELECT * FROM metric_context)
SELECT
  coalesce(c.channel, r.channel) AS channel,
  count(*) AS responses,
  count(*) FILTER (WHERE r.score >= 4) AS satisfied,
  100.0 * count(*) FILTER (WHERE r.score >= 4) / count(*) AS csat
FROM survey_responses r
CROSS JOIN p
LEFT JOIN cases c ON c.id = r.case_id
WHERE r.kind = 'csat' AND r.score BETWEEN 1 AND 5 AND r.source IS DISTINCT FROM 'agent' AND r.responded_at < p.as_of_end
GROUP BY ALL
ORDER BY responses DESC, channel NULLS LAST
