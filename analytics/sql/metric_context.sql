-- The parameters every metric reads, checked, as one row.
-- They live in the one-row table metric_params(as_of DATE, churn_days INTEGER), which the app
-- writes (setMetricParams) and an analyst may change in the SQL console:
--   as_of       metrics count what happened up to the end of this day (UTC); later rows are ignored,
--               so a result is reproducible and a past month can be replayed.
--   churn_days  an account with no counted order for this many days has churned (default 90).
-- as_of_end is the first instant after as_of: timestamps are compared with `< as_of_end`.
-- An empty or duplicated metric_params is an error, not a silently empty or doubled result.
SELECT
  as_of,
  -- From the checked as_of, so a view that reads only as_of_end still gets the check.
  CAST(as_of + INTERVAL 1 DAY AS TIMESTAMP) AS as_of_end,
  churn_days
FROM (
  SELECT
    CASE
      WHEN n <> 1 THEN error('metric_params must hold exactly one row (as_of, churn_days); it holds ' || n)
      WHEN as_of IS NULL THEN error('metric_params.as_of is NULL')
      ELSE as_of
    END AS as_of,
    CASE
      WHEN churn_days IS NULL OR churn_days < 1 THEN error('metric_params.churn_days must be a whole number of days >= 1')
      ELSE churn_days
    END AS churn_days
  FROM (
    SELECT
      count(*) AS n,
      CAST(any_value(as_of) AS DATE) AS as_of,
      CAST(any_value(churn_days) AS INTEGER) AS churn_days
    FROM metric_params
  )
)
