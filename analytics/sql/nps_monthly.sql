-- Net Promoter Score by month: % promoters (9–10) minus % detractors (0–6) on the 0–10 scale.
--   month       first day of the month the answer was given (UTC), up to as_of
--   responses   nps answers with a score from 0 to 10
--   promoters   answers of 9 or 10;  passives: 7 or 8;  detractors: 0 to 6
--   nps         100 × (promoters − detractors) / responses, from −100 to 100
WITH p AS (SELECT * FROM metric_context)
SELECT
  CAST(date_trunc('month', r.responded_at) AS DATE) AS month,
  count(*) AS responses,
  count(*) FILTER (WHERE r.score >= 9) AS promoters,
  count(*) FILTER (WHERE r.score BETWEEN 7 AND 8) AS passives,
  count(*) FILTER (WHERE r.score <= 6) AS detractors,
  100.0 * (count(*) FILTER (WHERE r.score >= 9) - count(*) FILTER (WHERE r.score <= 6)) / count(*) AS nps
FROM survey_responses r, p
WHERE r.kind = 'nps' AND r.score BETWEEN 0 AND 10 AND r.responded_at < p.as_of_end
GROUP BY ALL
ORDER BY month
