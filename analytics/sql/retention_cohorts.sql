-- Retention by cohort: of the accounts whose first counted order was in cohort_month, the share
-- still active customers (customer_spans) months_since months later.
--   cohort_month     first day of the month of the account's first counted order
--   months_since     0 for the cohort's own month, 1 for the next, ... up to the month of as_of
--   cohort_size      accounts in the cohort
--   retained         of them, the accounts active on the last day of that month (on as_of for
--                    the month of as_of); an account that churned and came back counts again
--   retained_share   100 × retained / cohort_size (percent)
WITH p AS (SELECT * FROM metric_context),
firsts AS (
  SELECT account_id, CAST(date_trunc('month', min(started_on)) AS DATE) AS cohort_month
  FROM customer_spans
  GROUP BY account_id
),
cohorts AS (
  SELECT cohort_month, count(*) AS cohort_size
  FROM firsts
  GROUP BY cohort_month
),
checks AS (
  SELECT
    c.cohort_month,
    CAST(unnest(generate_series(c.cohort_month, date_trunc('month', p.as_of), INTERVAL 1 MONTH)) AS DATE) AS month
  FROM cohorts c, p
),
retained AS (
  SELECT k.cohort_month, k.month, count(*) AS retained
  FROM checks k
  CROSS JOIN p
  JOIN firsts f ON f.cohort_month = k.cohort_month
  JOIN customer_spans s
    ON s.account_id = f.account_id
    AND s.started_on <= least(last_day(k.month), p.as_of)
    AND s.ended_on > least(last_day(k.month), p.as_of)
  GROUP BY k.cohort_month, k.month
)
SELECT
  k.cohort_month,
  CAST(date_diff('month', k.cohort_month, k.month) AS INTEGER) AS months_since,
  c.cohort_size,
  coalesce(r.retained, 0) AS retained,
  100.0 * coalesce(r.retained, 0) / c.cohort_size AS retained_share
FROM checks k
JOIN cohorts c ON c.cohort_month = k.cohort_month
LEFT JOIN retained r ON r.cohort_month = k.cohort_month AND r.month = k.month
ORDER BY k.cohort_month, months_since
