-- Churn risk of every account that is an active customer on as_of (customer_spans): a score from
-- 0 (no warning sign) to 1, and the reasons behind it. The score is a weighted sum of four
-- signals, each from 0 to 1, over the last churn_days days (the "window"):
--   0.4 × recency   days since the last counted order / churn_days (near 1: about to churn)
--   0.2 × decline   1 − orders in the window / the average per window over the three windows
--                   before it (0 when orders did not fall, or there were none before)
--   0.2 × unhappy   1 when a csat answer of 1–2 or an nps answer of 0–6 came in the window
--   0.2 × cases     1 when a case open on as_of is escalated or of high or urgent priority,
--                   0.5 when another case is open, else 0
-- reasons, strongest first: 'no_recent_order' (recency ≥ 0.5), 'orders_declining' (decline ≥ 0.5),
-- 'unhappy_survey', 'open_escalated_case', 'open_case'.
-- A transparent heuristic built on the recency/frequency signals of RFM analysis, not a trained
-- model; the weights are a starting point to calibrate against the accounts that did churn.
WITH p AS (SELECT * FROM metric_context),
active AS (
  SELECT s.account_id, s.last_order_on
  FROM customer_spans s, p
  WHERE s.started_on <= p.as_of AND s.ended_on > p.as_of
),
order_windows AS (
  SELECT
    r.account_id,
    count(*) FILTER (WHERE r.order_date > p.as_of - p.churn_days) AS recent_orders,
    count(*) FILTER (WHERE r.order_date <= p.as_of - p.churn_days) / 3 AS earlier_orders
  FROM revenue_orders r, p
  WHERE r.order_date > p.as_of - 4 * p.churn_days
  GROUP BY r.account_id
),
unhappy AS (
  SELECT DISTINCT r.account_id
  FROM survey_responses r, p
  WHERE r.responded_at < p.as_of_end
    AND CAST(r.responded_at AS DATE) > p.as_of - p.churn_days
    AND ((r.kind = 'csat' AND r.score BETWEEN 1 AND 2) OR (r.kind = 'nps' AND r.score BETWEEN 0 AND 6))
),
open_cases AS (
  SELECT
    c.account_id,
    max(CASE WHEN c.escalated_at < p.as_of_end OR c.priority IN ('high', 'urgent') THEN 1 ELSE 0.5 END) AS cases
  FROM cases c, p
  WHERE c.account_id IS NOT NULL
    AND c.opened_at < p.as_of_end
    AND (c.resolved_at IS NULL OR c.resolved_at >= p.as_of_end)
    AND (c.closed_at IS NULL OR c.closed_at >= p.as_of_end)
  GROUP BY c.account_id
),
signals AS (
  SELECT
    a.account_id,
    CAST(p.as_of - a.last_order_on AS INTEGER) AS days_since_last_order,
    coalesce(w.recent_orders, 0) AS recent_orders,
    CAST(least(1, (p.as_of - a.last_order_on) / p.churn_days) AS DOUBLE) AS recency,
    CAST(
      CASE WHEN w.earlier_orders > 0 THEN greatest(0, 1 - coalesce(w.recent_orders, 0) / w.earlier_orders) ELSE 0 END
      AS DOUBLE
    ) AS decline,
    CAST(CASE WHEN u.account_id IS NULL THEN 0 ELSE 1 END AS DOUBLE) AS unhappy,
    CAST(coalesce(c.cases, 0) AS DOUBLE) AS cases
  FROM active a
  CROSS JOIN p
  LEFT JOIN order_windows w ON w.account_id = a.account_id
  LEFT JOIN unhappy u ON u.account_id = a.account_id
  LEFT JOIN open_cases c ON c.account_id = a.account_id
)
SELECT
  account_id,
  0.4 * recency + 0.2 * decline + 0.2 * unhappy + 0.2 * cases AS score,
  [
    reason FOR reason IN [
      CASE WHEN recency >= 0.5 THEN 'no_recent_order' END,
      CASE WHEN decline >= 0.5 THEN 'orders_declining' END,
      CASE WHEN unhappy = 1 THEN 'unhappy_survey' END,
      CASE WHEN cases = 1 THEN 'open_escalated_case' WHEN cases > 0 THEN 'open_case' END
    ] IF reason IS NOT NULL
  ] AS reasons,
  days_since_last_order,
  recent_orders,
  recency,
  decline,
  unhappy,
  cases
FROM signals
ORDER BY score DESC, account_id
