-- Monthly churn rate: customers lost in a month ÷ customers active at its start.
--   month            first day of the month; from the month after the first counted order to the
--                    month of as_of (that last month only counts churn up to as_of)
--   active_at_start  accounts active on the last day of the previous month (customer_spans)
--   churned          of those, the accounts whose span ended in the month: no order for
--                    churn_days days, or the status became churned
--   churn_rate       100 × churned / active_at_start (percent; NULL when nobody was active)
-- Accounts that start (or come back) during a month and churn in it are not in that month's
-- figures: the rate is about the customers the month started with.
WITH p AS (SELECT * FROM metric_context),
months AS (
  SELECT CAST(unnest(generate_series(
    (SELECT date_trunc('month', min(started_on)) FROM customer_spans) + INTERVAL 1 MONTH,
    date_trunc('month', p.as_of),
    INTERVAL 1 MONTH
  )) AS DATE) AS month
  FROM p
)
SELECT
  m.month,
  count(s.account_id) AS active_at_start,
  count(s.account_id) FILTER (WHERE s.ended_on < m.month + INTERVAL 1 MONTH AND s.ended_on <= p.as_of) AS churned,
  100.0 * count(s.account_id) FILTER (WHERE s.ended_on < m.month + INTERVAL 1 MONTH AND s.ended_on <= p.as_of)
    / nullif(count(s.account_id), 0) AS churn_rate
FROM months m
CROSS JOIN p
-- The one span, if any, that covers the day before the month: started before it, ends after it.
LEFT JOIN customer_spans s ON s.started_on < m.month AND s.ended_on >= m.month
GROUP BY m.month
ORDER BY m.month
